import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  BatchSource, directoryIO, GradientModel, GraphBuilder, GraphHeads, ModelContext, ModelSource, Preprocessing, readSourceJson, ScoreOptions, ScoreResult, UserError, writeJsonAtomic,
} from '@anomaly-zoo/core';
import { BackboneConfig, backboneConfigSchema, loadConfiguredBackbone } from './backbone/config';
import { FeatureExtractor } from './backbone/feature-extractor';
import { concatOnGrid, finestGrid } from './feature-maps';
import { gaussianBlur } from './gaussian-blur';
import { RECONSTRUCTION_IMAGE_SCORES, splitPerImage } from './reconstruction';
import { backboneMapsGraph } from './graph/backbone-graph';
import { concatOnGridGraph } from './graph/feature-graph';
import { floats, op, reduce, reshape } from './graph/graph-ops';
import { exportLayersModel } from './graph/layers-model-graph';
import { gaussianBlurGraph, resizeLastTwo } from './graph/map-graph';

/**
 * Layers reconstructed by default: the stride-8 map (parts, texture) and the stride-16 map (what the object is),
 * the pair PaDiM found best on both the generated defects and the malaria cells.
 */
export const FEATURE_SPACE_DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

/** The `backbone` block of an autoencoder that reconstructs pretrained features instead of pixels. */
export const featureSpaceBackboneSchema = backboneConfigSchema({ layers: FEATURE_SPACE_DEFAULT_LAYERS, fallbackToHub: false });

/** `position`: each grid position's error relative to that position's error on the normal training images. */
export const ERROR_STANDARDISATIONS = ['position', 'none'] as const;

export interface FeatureSpaceScoring {
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: number;
  /** Image score: maximum of the smoothed map, or the mean of the (standardised) grid map. */
  image_score: (typeof RECONSTRUCTION_IMAGE_SCORES)[number];
  error_standardisation: (typeof ERROR_STANDARDISATIONS)[number];
}

/** File beside the weights holding the per-position error statistics. */
export const FEATURE_ERROR_STATS_FILE = 'feature-error-stats.json';

interface ErrorStatsFile {
  format: 'anomaly-zoo-feature-error-stats';
  version: 1;
  grid: [number, number];
  mean: number[];
  scale: number[];
}

/**
 * Per-position statistics of the normal error: z(p) = (e(p) − μ(p)) / (σ(p) + σ̄), μ and σ the mean and standard
 * deviation of e at position p over the training images, σ̄ the mean of σ over positions. Some positions are
 * hard to rebuild on every image (the border, where the backbone sees its zero padding; busy parts), and their
 * raw error outranks a defect elsewhere; subtracting μ removes that. σ̄ in the denominator keeps a position
 * that happened to vary little in training from turning noise into a peak.
 */
export class ErrorStandardisation {
  private constructor(readonly grid: [number, number], private readonly mean: Float32Array, private readonly scale: Float32Array) {}

  /** maps: per-position errors of the normal training images, each [g·g] row-major. */
  static fit(maps: Float32Array[], grid: [number, number]): ErrorStandardisation {
    const size = grid[0] * grid[1];
    if (maps.length < 2) throw new UserError(`error standardisation needs at least 2 training images, got ${maps.length}`);
    const mean = new Float64Array(size);
    const squares = new Float64Array(size);
    for (const map of maps) for (let i = 0; i < size; i++) { mean[i]! += map[i] as number; squares[i]! += (map[i] as number) ** 2; }
    const sd = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      mean[i] = (mean[i] as number) / maps.length;
      sd[i] = Math.sqrt(Math.max((squares[i] as number) / maps.length - (mean[i] as number) ** 2, 0));
    }
    const meanSd = sd.reduce((a, b) => a + b, 0) / size;
    return new ErrorStandardisation(grid, Float32Array.from(mean), Float32Array.from(sd, (v) => v + meanSd || 1));
  }

  /** [N, g, g, 1] → the standardised map. */
  apply(map: tf.Tensor4D): tf.Tensor4D {
    const [, h, w] = map.shape;
    if (h !== this.grid[0] || w !== this.grid[1]) throw new Error(`error standardisation fitted on a ${this.grid.join('×')} grid, got ${h}×${w}`);
    return tf.tidy(() => tf.div(tf.sub(map, tf.tensor4d(this.mean, [1, h, w, 1])), tf.tensor4d(this.scale, [1, h, w, 1])) as tf.Tensor4D);
  }

  /** apply() as a graph, on grid maps [N, g, g]. */
  exportGraph(g: GraphBuilder, map: string): string {
    const [h, w] = this.grid;
    return op(g, 'Div', [op(g, 'Sub', [map, floats(g, this.mean, [h, w], 'error_mean')]), floats(g, this.scale, [h, w], 'error_scale')]);
  }

  toJSON(): ErrorStatsFile {
    return { format: 'anomaly-zoo-feature-error-stats', version: 1, grid: this.grid, mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }

  /** `file` names where `parsed` came from, for errors. */
  static fromJSON(parsed: ErrorStatsFile, file: string): ErrorStandardisation {
    const size = parsed.grid?.[0] * parsed.grid?.[1];
    if (parsed.format !== 'anomaly-zoo-feature-error-stats' || parsed.version !== 1 || parsed.mean?.length !== size || parsed.scale?.length !== size) {
      throw new UserError(`${file}: not a feature error statistics file`);
    }
    return new ErrorStandardisation(parsed.grid, Float32Array.from(parsed.mean), Float32Array.from(parsed.scale));
  }
}

/**
 * The backbone's layer maps as one stack [N, g, g, ΣC] at the finest layer's grid g: coarser maps bilinearly
 * upsampled (half-pixel centres), then concatenated along channels in layer order (the patch-feature grid of
 * PaDiM and PatchCore).
 */
export function featureStack(maps: tf.Tensor4D[]): tf.Tensor4D {
  return concatOnGrid(maps, finestGrid(maps.map((m) => [m.shape[1], m.shape[2]])), 'bilinear');
}

/** Squared feature error per grid position (channel mean), [N, g, g, 1]. */
export function featureError(features: tf.Tensor4D, reconstruction: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.mean(tf.squaredDifference(features, reconstruction), 3, true) as tf.Tensor4D);
}

/** A grid map resized to the image (half-pixel centres): each position's value spread over the pixels its cell covers. */
export function gridMapToImage(map: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => tf.image.resizeBilinear(map, [height, width], false, true));
}

/** Images are pushed through backbone and autoencoder in batches of this size when fitting the statistics. */
const STATS_BATCH = 16;

export interface FeatureAutoencoderOptions {
  backbone: BackboneConfig;
  /** The autoencoder over a feature stack of shape [g, g, C]; its output has the same shape. */
  build: (shape: [number, number, number]) => tf.LayersModel;
  scoring: FeatureSpaceScoring;
  log: (message: string) => void;
  /** Where the backbone is read from when not from the local models directory (ModelContext.pretrainedModels). */
  pretrainedModels?: ModelSource;
  /** The image size scored, for the graph export (maps are made at this size); scoring itself takes any size. */
  preprocessing?: Preprocessing;
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
  private standardisation?: ErrorStandardisation;

  constructor(
    private readonly options: FeatureAutoencoderOptions,
    private network?: tf.LayersModel,
  ) {}

  /** Loads the backbone and, for a new model, builds the autoencoder for the backbone's feature shape. */
  async prepare(): Promise<void> {
    this.extractor ??= await loadConfiguredBackbone(this.options.backbone, undefined, this.options.log, { models: this.options.pretrainedModels });
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

  /** Fits the per-position error statistics on the training images (error_standardisation: position). */
  async afterTraining(train: BatchSource, _ctx: ModelContext): Promise<void> {
    if (this.options.scoring.error_standardisation !== 'position') return;
    const maps: Float32Array[] = [];
    let grid: [number, number] = [0, 0];
    for await (const batch of train.batches({ batchSize: STATS_BATCH })) {
      const errors = this.gridError(batch.x);
      batch.x.dispose();
      grid = [errors.shape[1], errors.shape[2]];
      maps.push(...splitPerImage((await errors.data()) as Float32Array, errors.shape[0]));
      errors.dispose();
    }
    this.standardisation = ErrorStandardisation.fit(maps, grid);
  }

  /** Restores the statistics saved beside the weights, when there are any. */
  async restoreStandardisation(source: ModelSource): Promise<void> {
    const parsed = await readSourceJson(source, FEATURE_ERROR_STATS_FILE);
    if (parsed !== undefined) this.standardisation = ErrorStandardisation.fromJSON(parsed as ErrorStatsFile, source.describe(FEATURE_ERROR_STATS_FILE));
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    await this.prepare();
    const { map_sigma, image_score } = this.options.scoring;
    const [scores, maps] = tf.tidy(() => {
      const raw = this.gridError(x);
      const grid = this.standardisation ? this.standardisation.apply(raw) : raw;
      if (image_score === 'mean' && !options.maps) return [tf.mean(grid, [1, 2, 3]), undefined] as const;
      const smoothed = gaussianBlur(gridMapToImage(grid, x.shape[1], x.shape[2]), map_sigma);
      const imageScores = image_score === 'max' ? tf.max(smoothed, [1, 2, 3]) : tf.mean(grid, [1, 2, 3]);
      return [imageScores, options.maps ? smoothed : undefined] as const;
    });
    const result: ScoreResult = { scores: (await scores.data()) as Float32Array };
    if (maps) result.maps = splitPerImage((await maps.data()) as Float32Array, x.shape[0]);
    tf.dispose([scores, maps]);
    return result;
  }

  /** score() as a graph: backbone maps → feature stack → autoencoder → standardised grid error → map and score. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    await this.prepare();
    const pre = this.options.preprocessing;
    if (!pre) throw new Error('FeatureAutoencoder: exportGraph needs options.preprocessing');
    const { extractor, network } = this.ready();
    const maps = backboneMapsGraph(extractor, g, input, pre);
    const grid = Math.max(...maps.map((m) => Math.max(m.shape[0], m.shape[1])));
    const features = concatOnGridGraph(g, maps, grid, 'bilinear');
    const [reconstruction] = exportLayersModel(g, network, features) as [string];
    const difference = op(g, 'Sub', [features, reconstruction]);
    const raw = reduce(g, 'Mean', op(g, 'Mul', [difference, difference]), [3], false);
    const standardised = this.standardisation ? this.standardisation.exportGraph(g, raw) : raw;
    const { map_sigma, image_score } = this.options.scoring;
    const fine = resizeLastTwo(g, reshape(g, standardised, [-1, 1, grid, grid]), [grid, grid], [pre.height, pre.width], 'bilinear');
    const map = reshape(g, gaussianBlurGraph(g, fine, 1, map_sigma), [-1, pre.height, pre.width]);
    const score = image_score === 'max' ? reduce(g, 'Max', map, [1, 2], false) : reduce(g, 'Mean', standardised, [1, 2], false);
    return { score, map };
  }

  async save(dir: string): Promise<void> {
    await this.ready().network.save(directoryIO(dir));
    // A training checkpoint has no statistics yet: they come after the last epoch.
    if (this.standardisation) writeJsonAtomic(path.join(dir, FEATURE_ERROR_STATS_FILE), this.standardisation.toJSON());
  }

  dispose(): void {
    this.extractor?.dispose();
    this.network?.dispose();
    this.extractor = undefined;
    this.network = undefined;
  }

  /** Per-position feature error of x's reconstruction, [N, g, g, 1], not standardised. */
  private gridError(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const features = this.features(x);
      return featureError(features, this.ready().network.apply(features, { training: false }) as tf.Tensor4D);
    });
  }

  private features(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => featureStack(this.ready().extractor.spatial(x)));
  }

  private ready(): { extractor: FeatureExtractor; network: tf.LayersModel } {
    if (!this.extractor) throw new Error('FeatureAutoencoder: prepare() has not run (the backbone is not loaded)');
    return { extractor: this.extractor, network: this.network as tf.LayersModel };
  }
}
