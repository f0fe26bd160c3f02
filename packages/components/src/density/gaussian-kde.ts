import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { bandwidthFactor, checkBandwidth, type Bandwidth } from './bandwidth';
import { checkRidge, expectMatrix, notFitted } from './checks';
import { meanAndCovariance } from './covariance';
import { checkShrinkage, type Shrinkage } from './shrinkage';
import { decodeTensor, encodeTensor, expectFiniteNumber, expectKind, expectObject, type EncodedFloat32 } from './serialization';
import { subsampleRows } from './subsample';
import { whiteningFor } from './whitening';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { kdeNllGraph } from '../graph/density-graph';

export interface GaussianKdeOptions {
  /** 'scott' (default), 'silverman' or an explicit factor h; kernel covariance = data covariance × h². */
  bandwidth?: Bandwidth;
  /** Training sets larger than this are subsampled (seeded) before fitting. Default 40000, as anomalib's DFKDE. */
  maxTrainingPoints?: number;
  /** Seed of that subsampling. Default 0. */
  seed?: number;
  /** Added to the diagonal of the data covariance before the bandwidth scaling. Default 0 (exactly scipy). */
  ridge?: number;
  /**
   * Shrinkage of the data covariance towards a multiple of I before the bandwidth scaling (default 'none',
   * exactly scipy): 'ledoit_wolf' keeps a kernel in many dimensions from few points well conditioned.
   */
  shrinkage?: Shrinkage;
  /** Most [queries × kernels] logits held at once; logDensity works through the queries in blocks this size. Default 4 Mi (16 MiB). */
  maxBlockElements?: number;
}

export interface GaussianKdeJSON {
  kind: 'GaussianKde';
  version: 1;
  options: Required<GaussianKdeOptions>;
  bandwidthFactor: number;
  /** Training mean [d]. */
  mean: EncodedFloat32;
  /** (L⁻¹)ᵀ [d, d] with L·Lᵀ the kernel covariance. */
  whitening: EncodedFloat32;
  /** The (subsampled) training points, whitened: (x − mean)·whitening, [n, d]. */
  points: EncodedFloat32;
  /** −log n − (d/2)·log 2π − ½·log det(kernel covariance). */
  logNormalizer: number;
  /** The shrinkage intensity δ used (absent in files written before shrinkage existed: 0). */
  shrinkageIntensity?: number;
}

interface KdeState {
  mean: tf.Tensor1D;
  whitening: tf.Tensor2D;
  points: tf.Tensor2D;
  /** Rows [pᵢ, −½‖pᵢ‖², 1], [n, d + 2]: lets one matMul produce shifted logits without broadcasting. */
  augmentedPoints: tf.Tensor2D;
  bandwidthFactor: number;
  logNormalizer: number;
  shrinkageIntensity: number;
}

/**
 * Gaussian kernel density estimate with a full-covariance kernel, as scipy.stats.gaussian_kde:
 * p(x) = (1/n)·Σᵢ N(x; xᵢ, H) with H = h²·Cov(x). In coordinates whitened by H's Cholesky factor the
 * kernels are standard normals, so log p(x) = logsumexp_i(−½‖q − pᵢ‖²) + logNormalizer, evaluated
 * with one matMul per block of queries.
 */
export class GaussianKde {
  readonly options: Required<GaussianKdeOptions>;
  private state?: KdeState;

  constructor(options: GaussianKdeOptions = {}) {
    this.options = validateOptions(options);
  }

  fit(x: tf.Tensor2D): this {
    expectMatrix(x, 'GaussianKde.fit');
    if (x.shape[0] < 2) throw new UserError(`GaussianKde.fit: need at least 2 samples, got ${x.shape[0]}`);
    const training = subsampleRows(x, this.options.maxTrainingPoints, this.options.seed);
    try {
      const [samples, dimensions] = training.shape;
      const { mean, covariance, shrinkage } = meanAndCovariance(training, this.options.shrinkage);
      const factor = bandwidthFactor(this.options.bandwidth, samples, dimensions);
      const whitening = whiteningFor(covariance, dimensions, { ridge: this.options.ridge, scale: factor * factor, who: 'GaussianKde.fit', samples });
      const meanTensor = tf.tensor1d(Float32Array.from(mean));
      const whiteningTensor = tf.tensor2d(whitening.matrix, [dimensions, dimensions]);
      const points = tf.tidy(() => tf.matMul(tf.sub(training, meanTensor), whiteningTensor) as tf.Tensor2D);
      const logNormalizer = -Math.log(samples) - (dimensions / 2) * Math.log(2 * Math.PI) - 0.5 * whitening.logDeterminant;
      this.dispose();
      this.state = withAugmentedPoints({ mean: meanTensor, whitening: whiteningTensor, points, bandwidthFactor: factor, logNormalizer, shrinkageIntensity: shrinkage });
    } finally {
      training.dispose();
    }
    return this;
  }

  /** log p(x) per row of x [m, d] → [m]. */
  logDensity(x: tf.Tensor2D): tf.Tensor1D {
    const state = this.fitted();
    expectMatrix(x, 'GaussianKde.logDensity', this.dimensions);
    const n = state.points.shape[0];
    const rowsPerBlock = Math.max(1, Math.floor(this.options.maxBlockElements / n));
    return tf.tidy(() => {
      const queries = tf.matMul(tf.sub(x, state.mean), state.whitening);
      const blocks: tf.Tensor1D[] = [];
      for (let start = 0; start < x.shape[0]; start += rowsPerBlock) {
        const size = Math.min(rowsPerBlock, x.shape[0] - start);
        blocks.push(tf.tidy(() => logDensityOfBlock(tf.slice(queries, [start, 0], [size, -1]) as tf.Tensor2D, state)));
      }
      return blocks.length === 1 ? (blocks[0] as tf.Tensor1D) : (tf.concat(blocks) as tf.Tensor1D);
    });
  }

  /** Anomaly score: −log p(x) per row. */
  score(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.neg(this.logDensity(x)));
  }

  /** score() written into a graph: rows x [m, d] → −log p, [m]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const state = this.fitted();
    const [n, d] = state.points.shape;
    return kdeNllGraph(g, x, {
      mean: state.mean.dataSync() as Float32Array,
      whitening: { data: state.whitening.dataSync() as Float32Array, rows: d, cols: d },
      points: { data: state.points.dataSync() as Float32Array, rows: n, cols: d },
      logNormalizer: state.logNormalizer,
    });
  }

  /** The h actually used (the rule evaluated at the fitted n and d, or the explicit factor). */
  get bandwidthFactor(): number {
    return this.fitted().bandwidthFactor;
  }

  /** The shrinkage intensity δ of the data covariance (0 without shrinkage). */
  get shrinkageIntensity(): number {
    return this.fitted().shrinkageIntensity;
  }

  /** Number of kernels (training points after subsampling). */
  get trainingPoints(): number {
    return this.fitted().points.shape[0];
  }

  get dimensions(): number {
    return this.fitted().points.shape[1];
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  toJSON(): GaussianKdeJSON {
    const state = this.fitted();
    return {
      kind: 'GaussianKde',
      version: 1,
      options: { ...this.options },
      bandwidthFactor: state.bandwidthFactor,
      mean: encodeTensor(state.mean),
      whitening: encodeTensor(state.whitening),
      points: encodeTensor(state.points),
      logNormalizer: state.logNormalizer,
      shrinkageIntensity: state.shrinkageIntensity,
    };
  }

  static fromJSON(json: GaussianKdeJSON): GaussianKde {
    expectKind(json, 'GaussianKde', 1);
    const kde = new GaussianKde(expectObject(json.options, 'GaussianKde.options'));
    const factor = expectFiniteNumber(json.bandwidthFactor, 'GaussianKde.bandwidthFactor');
    const logNormalizer = expectFiniteNumber(json.logNormalizer, 'GaussianKde.logNormalizer');
    const shrinkageIntensity = json.shrinkageIntensity === undefined ? 0 : expectFiniteNumber(json.shrinkageIntensity, 'GaussianKde.shrinkageIntensity');
    const points = decodeTensor(json.points, [null, null], 'GaussianKde.points') as tf.Tensor2D;
    const dimensions = points.shape[1];
    const kept: tf.Tensor[] = [points];
    try {
      const mean = decodeTensor(json.mean, [dimensions], 'GaussianKde.mean') as tf.Tensor1D;
      kept.push(mean);
      const whitening = decodeTensor(json.whitening, [dimensions, dimensions], 'GaussianKde.whitening') as tf.Tensor2D;
      kept.push(whitening);
      kde.state = withAugmentedPoints({ mean, whitening, points, bandwidthFactor: factor, logNormalizer, shrinkageIntensity });
    } catch (error) {
      tf.dispose(kept);
      throw error;
    }
    return kde;
  }

  dispose(): void {
    if (this.state) tf.dispose([this.state.mean, this.state.whitening, this.state.points, this.state.augmentedPoints]);
    this.state = undefined;
  }

  private fitted(): KdeState {
    if (!this.state) throw notFitted('GaussianKde');
    return this.state;
  }
}

function withAugmentedPoints(state: Omit<KdeState, 'augmentedPoints'>): KdeState {
  const augmentedPoints = tf.tidy(() => {
    const n = state.points.shape[0];
    const halfSquaredNorms = tf.mul(tf.sum(tf.square(state.points), 1, true), 0.5);
    return tf.concat([state.points, tf.neg(halfSquaredNorms), tf.ones([n, 1])], 1) as tf.Tensor2D;
  });
  return { ...state, augmentedPoints };
}

/**
 * log p for whitened queries q [m, d]. With logits Lᵢ = q·pᵢ − ½‖pᵢ‖² (so −½‖q − pᵢ‖² = Lᵢ − ½‖q‖²),
 * log p = max L + log Σᵢ exp(Lᵢ − max L) − ½‖q‖² + logNormalizer. Both the logits and their shift by
 * the row maximum come out of matMuls against [pᵢ, −½‖pᵢ‖², 1]: the cpu backend's broadcasting
 * subtraction costs more than a second matMul of this shape.
 */
function logDensityOfBlock(q: tf.Tensor2D, state: KdeState): tf.Tensor1D {
  const m = q.shape[0];
  const ones = tf.ones([m, 1]);
  const rowMax = tf.tidy(() => tf.max(tf.matMul(tf.concat([q, ones, tf.zeros([m, 1])], 1), state.augmentedPoints, false, true), 1, true));
  const shifted = tf.matMul(tf.concat([q, ones, tf.neg(rowMax)], 1), state.augmentedPoints, false, true);
  const logSumExp = tf.add(tf.log(tf.sum(tf.exp(shifted), 1)), tf.reshape(rowMax, [m]));
  const halfQuerySquaredNorms = tf.mul(tf.sum(tf.square(q), 1), 0.5);
  return tf.add(tf.sub(logSumExp, halfQuerySquaredNorms), state.logNormalizer) as tf.Tensor1D;
}

function validateOptions(options: GaussianKdeOptions): Required<GaussianKdeOptions> {
  const maxTrainingPoints = options.maxTrainingPoints ?? 40000;
  if (!(Number.isInteger(maxTrainingPoints) && maxTrainingPoints >= 2)) {
    throw new UserError(`GaussianKde: maxTrainingPoints must be an integer >= 2, got ${maxTrainingPoints}`);
  }
  const maxBlockElements = options.maxBlockElements ?? 1 << 22;
  if (!(Number.isInteger(maxBlockElements) && maxBlockElements >= 1)) {
    throw new UserError(`GaussianKde: maxBlockElements must be an integer >= 1, got ${maxBlockElements}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new UserError(`GaussianKde: seed must be a finite number, got ${seed}`);
  return {
    bandwidth: checkBandwidth(options.bandwidth ?? 'scott'),
    maxTrainingPoints,
    seed,
    ridge: checkRidge(options.ridge ?? 0, 'GaussianKde'),
    shrinkage: checkShrinkage(options.shrinkage ?? 'none', 'GaussianKde'),
    maxBlockElements,
  };
}
