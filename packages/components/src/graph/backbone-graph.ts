import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, Preprocessing } from '@anomaly-zoo/core';
import type { FeatureExtractor } from '../backbone/feature-extractor';
import type { GraphMap } from './feature-graph';
import { op } from './graph-ops';

/**
 * The backbone's layer maps of the graph's image input (NHWC in [0, 1] at the preprocessing size), with their
 * per-image shapes (found by running the extractor once on a blank image, so they are exactly the shapes tfjs
 * scoring sees). A grey image is repeated to three channels first, as the extractor does.
 */
export function backboneMapsGraph(extractor: FeatureExtractor, g: GraphBuilder, input: string, pre: Preprocessing): GraphMap[] {
  const shapes = tf.tidy(() => {
    const blank = tf.zeros([1, pre.height, pre.width, pre.channels]) as tf.Tensor4D;
    return extractor.spatial(blank).map((m) => [m.shape[1], m.shape[2], m.shape[3]] as [number, number, number]);
  });
  return backboneOutputsGraph(g, input, pre, (rgb, side) => extractor.exportSpatial(g, rgb, side)).map((name, i) => ({ name, shape: shapes[i]! }));
}

/** The backbone's pooled feature row [N, ΣC] of the graph's image input, as FeatureExtractor.pooled. */
export function backbonePooledGraph(extractor: FeatureExtractor, g: GraphBuilder, input: string, pre: Preprocessing, pooling: Parameters<FeatureExtractor['pooled']>[1]): string {
  return backboneOutputsGraph(g, input, pre, (rgb, side) => extractor.exportPooled(g, rgb, side, pooling));
}

function backboneOutputsGraph<T>(g: GraphBuilder, input: string, pre: Preprocessing, run: (rgb: string, side: number) => T): T {
  const rgb = pre.channels === 1 ? op(g, 'Concat', [input, input, input], { axis: { int: 3 } }) : input;
  // The extractor's export skips its resize when told the side is already its input size: a non-square image never is.
  const side = pre.height === pre.width ? pre.height : -1;
  return run(rgb, side);
}
