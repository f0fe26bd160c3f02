import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { checkRidge, expectMatrix, notFitted } from './checks';
import { meanAndCovariance } from './covariance';
import { checkShrinkage, type Shrinkage } from './shrinkage';
import { decodeTensor, encodeTensor, expectFiniteNumber, expectKind, expectObject, type EncodedFloat32 } from './serialization';
import { whiteningFor } from './whitening';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { gaussianNllGraph } from '../graph/density-graph';

export interface GaussianScorerOptions {
  /** Added to the diagonal of the covariance. Default 0; PaDiM-style raw features usually need ~0.01. */
  ridge?: number;
  /** Covariance shrinkage towards a multiple of I (default 'none'): 'ledoit_wolf' when d is large next to n. */
  shrinkage?: Shrinkage;
}

export interface GaussianScorerJSON {
  kind: 'GaussianScorer';
  version: 1;
  options: Required<GaussianScorerOptions>;
  /** [d] */
  mean: EncodedFloat32;
  /** (L⁻¹)ᵀ [d, d] with L·Lᵀ = covariance + ridge·I. */
  whitening: EncodedFloat32;
  /** log det(covariance + ridge·I). */
  logDeterminant: number;
  /** The shrinkage intensity δ used (absent in files written before shrinkage existed: 0). */
  shrinkageIntensity?: number;
}

interface ScorerState {
  mean: tf.Tensor1D;
  whitening: tf.Tensor2D;
  logDeterminant: number;
  shrinkageIntensity: number;
}

/**
 * A single multivariate Gaussian (as anomalib's DFM): mean μ and Σ = unbiased covariance (optionally shrunk) + ridge·I.
 * mahalanobis(x) = (x − μ)ᵀΣ⁻¹(x − μ), computed as ‖(x − μ)·L⁻ᵀ‖² with Σ = L·Lᵀ.
 */
export class GaussianScorer {
  readonly options: Required<GaussianScorerOptions>;
  private state?: ScorerState;

  constructor(options: GaussianScorerOptions = {}) {
    this.options = { ridge: checkRidge(options.ridge ?? 0, 'GaussianScorer'), shrinkage: checkShrinkage(options.shrinkage ?? 'none', 'GaussianScorer') };
  }

  fit(x: tf.Tensor2D): this {
    expectMatrix(x, 'GaussianScorer.fit');
    const [samples, dimensions] = x.shape;
    if (samples < 2) throw new UserError(`GaussianScorer.fit: need at least 2 samples, got ${samples}`);
    const { mean, covariance, shrinkage } = meanAndCovariance(x, this.options.shrinkage);
    const whitening = whiteningFor(covariance, dimensions, { ridge: this.options.ridge, who: 'GaussianScorer.fit', samples });
    this.dispose();
    this.state = {
      mean: tf.tensor1d(Float32Array.from(mean)),
      whitening: tf.tensor2d(whitening.matrix, [dimensions, dimensions]),
      logDeterminant: whitening.logDeterminant,
      shrinkageIntensity: shrinkage,
    };
    return this;
  }

  /** Squared Mahalanobis distance per row of x [m, d] → [m]. */
  mahalanobis(x: tf.Tensor2D): tf.Tensor1D {
    const state = this.fitted();
    expectMatrix(x, 'GaussianScorer.mahalanobis', this.dimensions);
    return tf.tidy(() => tf.sum(tf.square(tf.matMul(tf.sub(x, state.mean), state.whitening)), 1) as tf.Tensor1D);
  }

  /** log N(x; μ, Σ) = −½·(mahalanobis + d·log 2π + log det Σ) per row. */
  logDensity(x: tf.Tensor2D): tf.Tensor1D {
    const { logDeterminant } = this.fitted();
    const constant = this.dimensions * Math.log(2 * Math.PI) + logDeterminant;
    return tf.tidy(() => tf.mul(tf.add(this.mahalanobis(x), constant), -0.5) as tf.Tensor1D);
  }

  /** Anomaly score: −log N(x; μ, Σ) per row. */
  score(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.neg(this.logDensity(x)));
  }

  /** score() written into a graph: rows x [m, d] → −log N(x; μ, Σ), [m]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const state = this.fitted();
    const d = this.dimensions;
    return gaussianNllGraph(g, x, state.mean.dataSync() as Float32Array, { data: state.whitening.dataSync() as Float32Array, rows: d, cols: d }, state.logDeterminant);
  }

  /** The training mean [d]. Owned by this scorer: do not dispose it. */
  get mean(): tf.Tensor1D {
    return this.fitted().mean;
  }

  get logDeterminant(): number {
    return this.fitted().logDeterminant;
  }

  get dimensions(): number {
    return this.fitted().mean.shape[0];
  }

  /** The shrinkage intensity δ of the fitted covariance (0 without shrinkage). */
  get shrinkageIntensity(): number {
    return this.fitted().shrinkageIntensity;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  toJSON(): GaussianScorerJSON {
    const state = this.fitted();
    return {
      kind: 'GaussianScorer',
      version: 1,
      options: { ...this.options },
      mean: encodeTensor(state.mean),
      whitening: encodeTensor(state.whitening),
      logDeterminant: state.logDeterminant,
      shrinkageIntensity: state.shrinkageIntensity,
    };
  }

  static fromJSON(json: GaussianScorerJSON): GaussianScorer {
    expectKind(json, 'GaussianScorer', 1);
    const scorer = new GaussianScorer(expectObject(json.options, 'GaussianScorer.options'));
    const logDeterminant = expectFiniteNumber(json.logDeterminant, 'GaussianScorer.logDeterminant');
    const shrinkageIntensity = json.shrinkageIntensity === undefined ? 0 : expectFiniteNumber(json.shrinkageIntensity, 'GaussianScorer.shrinkageIntensity');
    const mean = decodeTensor(json.mean, [null], 'GaussianScorer.mean') as tf.Tensor1D;
    try {
      const whitening = decodeTensor(json.whitening, [mean.shape[0], mean.shape[0]], 'GaussianScorer.whitening') as tf.Tensor2D;
      scorer.state = { mean, whitening, logDeterminant, shrinkageIntensity };
    } catch (error) {
      mean.dispose();
      throw error;
    }
    return scorer;
  }

  dispose(): void {
    if (this.state) tf.dispose([this.state.mean, this.state.whitening]);
    this.state = undefined;
  }

  private fitted(): ScorerState {
    if (!this.state) throw notFitted('GaussianScorer');
    return this.state;
  }
}
