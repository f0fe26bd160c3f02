import * as tf from '@tensorflow/tfjs';
import { BatchSource, GraphBuilder, GraphHeads, ModelContext, ScoreOptions, ScoreResult, SinglePassModel, UserError } from '@anomaly-zoo/core';
import {
  anomalyMaps, anomalyMapsGraph, backboneMapsGraph, FittedBackboneModel, inverseCholeskyStack, mapScores, mapScoresGraph, mapsToArrays,
  NotPositiveDefiniteError, positionMahalanobisGraph,
} from '@anomaly-zoo/components';
import type { PadimConfig } from './config';
import { extractFeatures, layoutFeaturesGraph } from './features';
import { FittedMoments, momentsOnRuntime, momentsOnTfjs } from './fit-moments';
import { mahalanobisDistances } from './mahalanobis';
import { PADIM_STATE, PadimState } from './saved-state';

/**
 * PaDiM (Defard et al. 2020): one Gaussian per position of a pretrained CNN's feature grid, fitted on normal
 * images; the anomaly map is the per-position Mahalanobis distance, upsampled and smoothed.
 */
export class PadimModel extends FittedBackboneModel<PadimState, PadimConfig> implements SinglePassModel {
  protected readonly format = PADIM_STATE;

  async fit(train: BatchSource, ctx: ModelContext): Promise<void> {
    const options = { grid: this.config.grid, resize: this.config.feature_resize, dims: this.config.dims, seed: ctx.seed };
    // On the runtime only when the backbone runs there: one it cannot export stays on tfjs.
    const extractor = await this.startFitting();
    const fitted: FittedMoments | undefined = extractor.runtime
      ? await momentsOnRuntime(extractor.runtime, extractor, train, this.config.batch_size, ctx.preprocessing, options)
      : await momentsOnTfjs((use) => this.eachTrainingMaps(train, use), options);
    if (!fitted || fitted.moments.samples < 2) throw new UserError(`PaDiM needs at least 2 training images, got ${fitted?.moments.samples ?? 0}`);
    const { layout, moments } = fitted;
    const { mean, covariance } = moments.finish(this.config.ridge);
    const [positions, d] = [moments.positions, moments.dims];
    let whitening: Float32Array;
    try {
      whitening = inverseCholeskyStack(covariance, positions, d);
    } catch (error) {
      if (!(error instanceof NotPositiveDefiniteError)) throw error;
      throw new UserError(`model.ridge: ${this.config.ridge} leaves a per-position covariance that is not positive definite; increase it`);
    }
    ctx.log(`padim: ${moments.samples} images, ${layout.grid}×${layout.grid} grid, ${layout.channels.length} of ${layout.layerChannels.reduce((a, b) => a + b, 0)} channels`);
    this.state = {
      json: {
        kind: 'padim', version: 2, backbone: await this.backboneRef(), layout,
        preprocessing: ctx.preprocessing, samples: moments.samples, ridge: this.config.ridge,
      },
      mean: tf.tensor2d(Float32Array.from(mean), [positions, d]),
      whitening: tf.tensor3d(whitening, [positions, d, d]),
    };
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const state = this.fitted();
    const extractor = await this.backbone();
    const [, height, width] = x.shape;
    const features = await extractFeatures(extractor, x, state.json.layout);
    const distances = mahalanobisDistances(features, state.mean, state.whitening);
    features.dispose();
    const maps = anomalyMaps(distances, state.json.layout.grid, height, width, this.config.map_sigma);
    distances.dispose();
    const scores = mapScores(maps, this.config.image_score, this.config.top_k);
    const result: ScoreResult = { scores: Float32Array.from(await scores.data()) };
    scores.dispose();
    if (options.maps) result.maps = await mapsToArrays(maps);
    maps.dispose();
    return result;
  }

  /** score() as a graph: backbone maps → grid features → per-position Mahalanobis → map and image score. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    const state = this.fitted();
    const { layout, preprocessing } = state.json;
    const maps = backboneMapsGraph(await this.backbone(), g, input, preprocessing);
    const [positions, d] = [layout.grid * layout.grid, layout.channels.length];
    const features = layoutFeaturesGraph(g, maps, layout);
    const distances = positionMahalanobisGraph(g, features, state.mean.dataSync() as Float32Array, state.whitening.dataSync() as Float32Array, positions, d);
    const { height, width } = preprocessing;
    const map = anomalyMapsGraph(g, distances, layout.grid, height, width, this.config.map_sigma);
    return { score: mapScoresGraph(g, map, height * width, this.config.image_score, this.config.top_k), map };
  }

  protected disposeState(state: PadimState): void {
    state.mean.dispose();
    state.whitening.dispose();
  }
}
