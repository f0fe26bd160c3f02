import * as tf from '@tensorflow/tfjs';
import { directoryIO, GradientModel, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { BackboneConfig, backboneConfigSchema, backboneSpecFor } from './backbone/config';
import { FeatureExtractor } from './backbone/feature-extractor';
import { gaussianBlur } from './gaussian-blur';
import { splitPerImage } from './reconstruction';

/**
 * Layers reconstructed by default: the stride-8 map (parts, texture) and the stride-16 map (what the object is),
 * the pair PaDiM found best on both the generated defects and the malaria cells.
 */
export const FEATURE_SPACE_DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

/** The `backbone` block of an autoencoder that reconstructs pretrained features instead of pixels. */
export const featureSpaceBackboneSchema = backboneConfigSchema({ layers: FEATURE_SPACE_DEFAULT_LAYERS, fallbackToHub: false });

export interface FeatureSpaceScoring {
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: number;
  /** Image score: maximum of the smoothed map, or the mean squared feature error. */
  image_score: 'max' | 'mean';
}

/**
 * The backbone's layer maps as one stack [N, g, g, ΣC] at the finest layer's grid g: coarser maps bilinearly
 * upsampled (half-pixel centres), then concatenated along channels in layer order.
 */
export function featureStack(maps: tf.Tensor4D[]): tf.Tensor4D {
  return tf.tidy(() => {
    const grid = Math.max(...maps.map((m) => m.shape[1]));
    const sized = maps.map((m) => (m.shape[1] === grid ? m : tf.image.resizeBilinear(m, [grid, grid], false, true)));
    return (sized.length === 1 ? sized[0] : tf.concat(sized, 3)) as tf.Tensor4D;
  });
}

/**
 * Squared feature error per grid position (channel mean) [N, g, g, 1], resized to the image (height × width).
 * The error of a position is spread over the input pixels its cell covers.
 */
export function featureErrorMap(features: tf.Tensor4D, reconstruction: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => tf.image.resizeBilinear(tf.mean(tf.squaredDifference(features, reconstruction), 3, true) as tf.Tensor4D, [height, width], false, true));
}

export interface FeatureAutoencoderOptions {
  backbone: BackboneConfig;
  /** The autoencoder over a feature stack of shape [g, g, C]; its output has the same shape. */
  build: (shape: [number, number, number]) => tf.LayersModel;
  scoring: FeatureSpaceScoring;
  log: (message: string) => void;
}

/**
 * An autoencoder that reconstructs a frozen pretrained CNN's feature maps of the image instead of its pixels
 * (as DFR, Shi et al. 2021). The backbone already maps a normal image to features that vary little, so the
 * autoencoder can rebuild them closely, and a defect is a local change of *meaning* that it rebuilds as
 * normal: the feature error is quiet on normal texture and loud on the defect, where a pixel reconstruction
 * blurs everything and its error lights up all edges. Only the autoencoder is trained; the loss is the MSE
 * between feature stack and its reconstruction.
 */
export class FeatureAutoencoder implements GradientModel {
  readonly training = 'gradient' as const;
  private extractor?: FeatureExtractor;

  constructor(
    private readonly options: FeatureAutoencoderOptions,
    private network?: tf.LayersModel,
  ) {}

  /** Loads the backbone and, for a new model, builds the autoencoder for the backbone's feature shape. */
  async prepare(): Promise<void> {
    this.extractor ??= await FeatureExtractor.load(backboneSpecFor(this.options.backbone, this.options.log));
    if (this.network) return;
    // The backbone resizes every input to its own size, so the feature shape does not depend on the image's.
    const shape = tf.tidy(() => this.features(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D).shape);
    this.network = this.options.build([shape[1], shape[2], shape[3]]);
  }

  loss(x: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => {
      const features = this.features(x);
      return tf.losses.meanSquaredError(features, this.ready().network.apply(features, { training: true }) as tf.Tensor4D);
    }) as tf.Scalar;
  }

  trainableVariables(): tf.Variable[] {
    return this.ready().network.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    await this.prepare();
    const { network } = this.ready();
    const { map_sigma, image_score } = this.options.scoring;
    const [scores, maps] = tf.tidy(() => {
      const features = this.features(x);
      const reconstruction = network.apply(features, { training: false }) as tf.Tensor4D;
      if (image_score === 'mean' && !options.maps) return [tf.mean(tf.squaredDifference(features, reconstruction), [1, 2, 3]), undefined] as const;
      const smoothed = gaussianBlur(featureErrorMap(features, reconstruction, x.shape[1], x.shape[2]), map_sigma);
      const imageScores = image_score === 'max' ? tf.max(smoothed, [1, 2, 3]) : tf.mean(tf.squaredDifference(features, reconstruction), [1, 2, 3]);
      return [imageScores, options.maps ? smoothed : undefined] as const;
    });
    const result: ScoreResult = { scores: (await scores.data()) as Float32Array };
    if (maps) result.maps = splitPerImage((await maps.data()) as Float32Array, x.shape[0]);
    tf.dispose([scores, maps]);
    return result;
  }

  async save(dir: string): Promise<void> {
    await this.ready().network.save(directoryIO(dir));
  }

  dispose(): void {
    this.extractor?.dispose();
    this.network?.dispose();
    this.extractor = undefined;
    this.network = undefined;
  }

  private features(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => featureStack(this.ready().extractor.spatial(x)));
  }

  private ready(): { extractor: FeatureExtractor; network: tf.LayersModel } {
    if (!this.extractor) throw new Error('FeatureAutoencoder: prepare() has not run (the backbone is not loaded)');
    return { extractor: this.extractor, network: this.network as tf.LayersModel };
  }
}
