import * as tf from '@tensorflow/tfjs';
import { BackboneConfig, backboneConfigSchema, loadConfiguredBackbone } from './backbone/config';
import { FeatureExtractor } from './backbone/feature-extractor';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { backboneMapsGraph } from './graph/backbone-graph';
import { op, reduce, reshape, scalar } from './graph/graph-ops';
import { resizeLastTwo } from './graph/map-graph';

/**
 * Layers compared by default: stride-4 and stride-8 maps of MobileNet V1 (56² and 28² at 224 input). They see
 * texture and small parts; deeper layers see whole objects and blur a small defect over many pixels.
 */
export const PERCEPTUAL_DEFAULT_LAYERS = ['conv_pw_3_relu', 'conv_pw_5_relu'];

/** The `perceptual` block of a reconstruction model's config: the backbone whose features are compared. */
export const perceptualBackboneSchema = backboneConfigSchema({ layers: PERCEPTUAL_DEFAULT_LAYERS, fallbackToHub: false });

/**
 * Perceptual distance of two feature maps [N,h,w,C] at every position, [N,h,w,1]:
 *
 *   d(p) = ‖ a(p)/‖a(p)‖ − b(p)/‖b(p)‖ ‖²  =  2 − 2·cos(a(p), b(p))
 *
 * (the per-position unit normalisation of LPIPS, Zhang et al. 2018, without learned channel weights). It is
 * in [0, 2] for the non-negative ReLU features used here and does not depend on the features' scale, so
 * layers of very different magnitude can be averaged. ε keeps an all-zero position from dividing by zero;
 * there both vectors are ~0 and so is d.
 */
export function featureDistance(a: tf.Tensor4D, b: tf.Tensor4D, epsilon = 1e-6): tf.Tensor4D {
  return tf.tidy(() => {
    const unit = (f: tf.Tensor4D) => tf.div(f, tf.add(tf.norm(f, 'euclidean', 3, true), epsilon));
    return tf.sum(tf.squaredDifference(unit(a), unit(b)), 3, true) as tf.Tensor4D;
  });
}

/** featureDistance as a graph: feature maps a, b NHWC [N, h, w, C] → [N, h, w]. */
export function featureDistanceGraph(g: GraphBuilder, a: string, b: string, epsilon = 1e-6): string {
  const unit = (f: string) => op(g, 'Div', [f, op(g, 'Add', [op(g, 'Sqrt', [reduce(g, 'Sum', op(g, 'Mul', [f, f]), [3], true)]), scalar(g, epsilon)])]);
  const difference = op(g, 'Sub', [unit(a), unit(b)]);
  return reduce(g, 'Sum', op(g, 'Mul', [difference, difference]), [3], false);
}

/**
 * The mean over layers of featureDistance, each layer's map bilinearly resized to height × width
 * (align-corners off, half-pixel centres, so a coarse cell covers the input pixels it was computed from).
 */
export function layeredFeatureDistance(a: tf.Tensor4D[], b: tf.Tensor4D[], height: number, width: number): tf.Tensor4D {
  if (a.length === 0 || a.length !== b.length) throw new Error(`layeredFeatureDistance: ${a.length} and ${b.length} layers`);
  return tf.tidy(() => {
    const maps = a.map((layer, i) => tf.image.resizeBilinear(featureDistance(layer, b[i]!), [height, width], false, true));
    return tf.div(tf.addN(maps), maps.length) as tf.Tensor4D;
  });
}

/**
 * Error map of a reconstruction in the feature space of a pretrained CNN. A blurry reconstruction of a normal
 * image keeps its features (edges, texture statistics) close to the input's; a reconstruction that replaces a
 * defect by the normal pattern changes them there, so the map is quiet where pixel error is merely blur.
 */
export class PerceptualError {
  private constructor(private readonly extractor: FeatureExtractor) {}

  static async load(config: BackboneConfig, log: (message: string) => void = () => undefined): Promise<PerceptualError> {
    return new PerceptualError(await loadConfiguredBackbone(config, undefined, log));
  }

  /** x, reconstruction: [N,H,W,C] in [0, 1] → [N,H,W,1]. */
  map(x: tf.Tensor4D, reconstruction: tf.Tensor4D): tf.Tensor4D {
    const [height, width] = [x.shape[1], x.shape[2]];
    return tf.tidy(() => {
      // One pass over input and reconstruction together: half the calls, same result.
      const both = this.extractor.spatial(tf.concat([x, reconstruction], 0));
      const n = x.shape[0];
      const ofInput = both.map((m) => tf.slice(m, [0, 0, 0, 0], [n, -1, -1, -1]));
      const ofReconstruction = both.map((m) => tf.slice(m, [n, 0, 0, 0], [n, -1, -1, -1]));
      return layeredFeatureDistance(ofInput, ofReconstruction, height, width);
    });
  }

  /**
   * map() as a graph: input and reconstruction NHWC [N, H, W, C] → [N, H, W]. Both go through the backbone as one
   * batch (as map() does), split in halves again, and each layer's featureDistance is resized and averaged.
   */
  exportMap(g: GraphBuilder, x: string, reconstruction: string, shape: [height: number, width: number, channels: number]): string {
    const [height, width, channels] = shape;
    const both = op(g, 'Concat', [x, reconstruction], { axis: { int: 0 } });
    const maps = backboneMapsGraph(this.extractor, g, both, { height, width, channels: channels as 1 | 3 });
    const resized = maps.map((map) => {
      const [ofInput, ofReconstruction] = g.node('Split', [map.name], { axis: { int: 0 } }, 2) as [string, string];
      const distance = featureDistanceGraph(g, ofInput, ofReconstruction);
      const [h, w] = map.shape;
      return resizeLastTwo(g, reshape(g, distance, [-1, 1, h, w]), [h, w], [height, width], 'bilinear');
    });
    const sum = resized.length === 1 ? (resized[0] as string) : op(g, 'Sum', resized);
    return reshape(g, op(g, 'Div', [sum, scalar(g, resized.length)]), [-1, height, width]);
  }

  dispose(): void {
    this.extractor.dispose();
  }
}
