import type * as tf from '@tensorflow/tfjs';
import type { BatchSource, GraphRuntime, Preprocessing } from '@anomaly-zoo/core';
import { hostValuesOf } from '@anomaly-zoo/core';
import { backboneMapsGraph, batchMomentsGraph, FeatureExtractor, RunningMoments } from '@anomaly-zoo/components';
import { FeatureLayout, layoutFeatures, layoutFeaturesGraph, LayoutOptions, MapShape, planLayout } from './features';

/** The per-position moments of the training features, and the layout they were taken in. */
export interface FittedMoments {
  layout: FeatureLayout;
  moments: RunningMoments;
}

/**
 * Per-position moments on tfjs from the training images' backbone maps, which `eachMaps` hands over batch by batch
 * (FittedBackboneModel.eachTrainingMaps): the layout is planned on the first batch's maps, and each batch's features
 * [P, n, d] are added to the moments. Undefined without any image.
 */
export async function momentsOnTfjs(
  eachMaps: (use: (maps: tf.Tensor4D[]) => void) => Promise<number>, options: LayoutOptions,
): Promise<FittedMoments | undefined> {
  let fitted: FittedMoments | undefined;
  try {
    await eachMaps((maps) => {
      const layout = fitted?.layout ?? planLayout(maps.map(({ shape: [, height, width, channels] }): MapShape => [height, width, channels]), options);
      const features = layoutFeatures(maps, layout);
      fitted ??= { layout, moments: new RunningMoments(features.shape[0], features.shape[2]) };
      fitted.moments.add(features);
      features.dispose();
    });
  } catch (error) {
    fitted?.moments.dispose();
    throw error;
  }
  return fitted;
}

/**
 * As momentsOnTfjs, with everything after decoding in one native graph per batch (images → backbone maps → grid
 * features → the batch's mean and scatter per position), so that neither the maps nor the features pass through
 * tfjs; the batch moments are joined in float64 by RunningMoments.addMoments.
 */
export async function momentsOnRuntime(
  runtime: GraphRuntime, extractor: FeatureExtractor, train: BatchSource, batchSize: number, pre: Preprocessing, options: LayoutOptions,
): Promise<FittedMoments | undefined> {
  let layout: FeatureLayout | undefined;
  const graph = await runtime.compile((g, input) => {
    const maps = backboneMapsGraph(extractor, g, input, pre);
    layout = planLayout(maps.map((m) => m.shape), options);
    const { mean, scatter } = batchMomentsGraph(g, layoutFeaturesGraph(g, maps, layout));
    return [mean, scatter];
  }, [pre.height, pre.width, pre.channels], 'padim_fit_moments');
  const planned = layout!;
  const moments = new RunningMoments(planned.grid * planned.grid, planned.channels.length);
  try {
    for await (const batch of train.batches({ batchSize })) {
      let images: Float32Array;
      try {
        images = await hostValuesOf(batch.x);
      } finally {
        batch.x.dispose();
      }
      const [mean, scatter] = await graph.run({ data: images, dims: batch.x.shape });
      moments.addMoments(batch.x.shape[0], mean!.data, scatter!.data);
    }
  } finally {
    await graph.release();
  }
  return moments.samples > 0 ? { layout: planned, moments } : undefined;
}
