import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { expectMatrix, notFitted } from './checks';
import { decodeFloat32, EncodedFloat32, encodeFloat32, expectFiniteNumber, expectKind } from './serialization';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { unitRowsGraph } from '../graph/density-graph';
import { op, scalar } from '../graph/graph-ops';

/**
 * 'max_norm': divide every vector by the largest L2 norm seen in training (anomalib's DFKDE), so
 * training vectors land in the unit ball while the relative geometry is kept. 'unit_norm': scale
 * each vector to norm 1 (zero vectors stay zero). 'standard': per feature, subtract the training mean and
 * divide by the training standard deviation (n − 1), so every feature has unit variance; before a
 * covariance shrunk towards a multiple of I this turns the target into the covariance's own diagonal
 * (only the correlations are shrunk). 'none': copy through.
 */
export const SCALING_MODES = ['max_norm', 'unit_norm', 'standard', 'none'] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];

export interface FeatureScalerJSON {
  kind: 'FeatureScaler';
  version: 1;
  mode: ScalingMode;
  /** The divisor of 'max_norm' (1 for the other modes). */
  maxNorm: number;
  features: number;
  /** 'standard' only: the training mean and the per-feature divisor. */
  mean?: EncodedFloat32;
  scale?: EncodedFloat32;
}

/**
 * 'standard': a feature whose training deviation is below this share of the largest one (e.g. a ReLU channel
 * that never fires on normal images) is divided by that floor instead, so float noise is not blown up.
 */
const STANDARD_FLOOR = 1e-6;

interface FittedScaler {
  maxNorm: number;
  features: number;
  mean?: Float32Array;
  scale?: Float32Array;
}

export class FeatureScaler {
  readonly mode: ScalingMode;
  private fittedState?: FittedScaler;

  constructor(mode: ScalingMode = 'max_norm') {
    if (!SCALING_MODES.includes(mode)) throw new UserError(`FeatureScaler: mode must be one of ${SCALING_MODES.join(', ')}, got '${mode}'`);
    this.mode = mode;
  }

  /**
   * Records the largest training norm (max_norm; an all-zero set gives a divisor of 1), or the per-feature mean
   * and deviation (standard; a single sample gives divisors of 1), and the feature count.
   */
  fit(x: tf.Tensor2D): this {
    expectMatrix(x, 'FeatureScaler.fit');
    if (x.shape[0] < 1) throw new UserError('FeatureScaler.fit: need at least one sample');
    let maxNorm = 1;
    if (this.mode === 'max_norm') {
      const largest = tf.tidy(() => tf.max(tf.norm(x, 'euclidean', 1)).dataSync()[0] as number);
      if (!Number.isFinite(largest)) throw new UserError('FeatureScaler.fit: training features contain NaN or Infinity');
      maxNorm = largest > 0 ? largest : 1;
    }
    this.fittedState = { maxNorm, features: x.shape[1], ...(this.mode === 'standard' ? standardMoments(x) : {}) };
    return this;
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    const { maxNorm, features, mean, scale } = this.fitted();
    expectMatrix(x, 'FeatureScaler.transform', features);
    switch (this.mode) {
      case 'max_norm':
        return tf.tidy(() => tf.div(x, tf.scalar(maxNorm)));
      case 'unit_norm':
        return tf.tidy(() => {
          const norms = tf.norm(x, 'euclidean', 1, true);
          // Zero rows divide by 1 and stay zero.
          return tf.div(x, tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms)));
        });
      case 'standard':
        return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(mean as Float32Array)), tf.tensor1d(scale as Float32Array)));
      case 'none':
        return x.clone();
    }
  }

  /** transform() written into a graph: rows x [m, d] → [m, d]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const { maxNorm, features, mean, scale } = this.fitted();
    switch (this.mode) {
      case 'max_norm':
        return op(g, 'Div', [x, scalar(g, maxNorm)]);
      case 'standard': {
        const centred = op(g, 'Sub', [x, g.constant({ float32: mean as Float32Array, dims: [features] }, 'scaler_mean')]);
        return op(g, 'Div', [centred, g.constant({ float32: scale as Float32Array, dims: [features] }, 'scaler_scale')]);
      }
      case 'unit_norm':
        return unitRowsGraph(g, x);
      case 'none':
        return x;
    }
  }

  /** The training-set divisor of 'max_norm' (1 for the other modes). */
  get maxNorm(): number {
    return this.fitted().maxNorm;
  }

  get isFitted(): boolean {
    return this.fittedState !== undefined;
  }

  toJSON(): FeatureScalerJSON {
    const { maxNorm, features, mean, scale } = this.fitted();
    const moments = mean && scale ? { mean: encodeFloat32(mean, [features]), scale: encodeFloat32(scale, [features]) } : {};
    return { kind: 'FeatureScaler', version: 1, mode: this.mode, maxNorm, features, ...moments };
  }

  static fromJSON(json: FeatureScalerJSON): FeatureScaler {
    expectKind(json, 'FeatureScaler', 1);
    const scaler = new FeatureScaler(json.mode);
    const maxNorm = expectFiniteNumber(json.maxNorm, 'FeatureScaler.maxNorm');
    if (!(maxNorm > 0)) throw new UserError(`FeatureScaler.maxNorm: must be > 0, got ${maxNorm}`);
    const features = expectFiniteNumber(json.features, 'FeatureScaler.features');
    if (!(Number.isInteger(features) && features >= 1)) throw new UserError(`FeatureScaler.features: must be an integer >= 1, got ${features}`);
    scaler.fittedState = { maxNorm, features, ...(json.mode === 'standard' ? decodeMoments(json, features) : {}) };
    return scaler;
  }

  /** Nothing to release (the state is two numbers); present for symmetry with the other components. */
  dispose(): void {
    this.fittedState = undefined;
  }

  private fitted(): FittedScaler {
    if (!this.fittedState) throw notFitted('FeatureScaler');
    return this.fittedState;
  }
}

/** Per-feature training mean and divisor (the n − 1 deviation, floored at STANDARD_FLOOR × the largest), in float64. */
function standardMoments(x: tf.Tensor2D): { mean: Float32Array; scale: Float32Array } {
  const [n, d] = x.shape;
  const values = x.dataSync();
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (values[i * d + j] as number) / n;
  const deviation = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) deviation[j] = (deviation[j] as number) + ((values[i * d + j] as number) - (mean[j] as number)) ** 2;
  }
  for (let j = 0; j < d; j++) deviation[j] = n > 1 ? Math.sqrt((deviation[j] as number) / (n - 1)) : 0;
  if (!mean.every(Number.isFinite) || !deviation.every(Number.isFinite)) throw new UserError('FeatureScaler.fit: training features contain NaN or Infinity');
  const largest = deviation.reduce((a, b) => Math.max(a, b), 0);
  const floor = largest > 0 ? STANDARD_FLOOR * largest : 1;
  return { mean: Float32Array.from(mean), scale: Float32Array.from(deviation, (s) => Math.max(s, floor)) };
}

function decodeMoments(json: FeatureScalerJSON, features: number): { mean: Float32Array; scale: Float32Array } {
  if (!json.mean || !json.scale) throw new UserError(`FeatureScaler: mode 'standard' needs 'mean' and 'scale'`);
  const mean = decodeFloat32(json.mean, 'FeatureScaler.mean');
  const scale = decodeFloat32(json.scale, 'FeatureScaler.scale');
  if (mean.length !== features || scale.length !== features) throw new UserError(`FeatureScaler: 'mean' and 'scale' must hold ${features} values each`);
  if (!scale.every((s) => s > 0 && Number.isFinite(s))) throw new UserError(`FeatureScaler.scale: every divisor must be a positive finite number`);
  return { mean, scale };
}
