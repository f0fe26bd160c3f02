import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { expectMatrix, notFitted } from './checks';
import { expectFiniteNumber, expectKind } from './serialization';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { unitRowsGraph } from '../graph/density-graph';
import { op, scalar } from '../graph/graph-ops';

/**
 * 'max_norm': divide every vector by the largest L2 norm seen in training (anomalib's DFKDE), so
 * training vectors land in the unit ball while the relative geometry is kept. 'unit_norm': scale
 * each vector to norm 1 (zero vectors stay zero). 'none': copy through.
 */
export type ScalingMode = 'max_norm' | 'unit_norm' | 'none';

export interface FeatureScalerJSON {
  kind: 'FeatureScaler';
  version: 1;
  mode: ScalingMode;
  /** The divisor of 'max_norm' (1 for the other modes). */
  maxNorm: number;
  features: number;
}

const MODES: readonly ScalingMode[] = ['max_norm', 'unit_norm', 'none'];

export class FeatureScaler {
  readonly mode: ScalingMode;
  private fittedState?: { maxNorm: number; features: number };

  constructor(mode: ScalingMode = 'max_norm') {
    if (!MODES.includes(mode)) throw new UserError(`FeatureScaler: mode must be one of ${MODES.join(', ')}, got '${mode}'`);
    this.mode = mode;
  }

  /** Records the largest training norm (max_norm) and the feature count. An all-zero set gives a divisor of 1. */
  fit(x: tf.Tensor2D): this {
    expectMatrix(x, 'FeatureScaler.fit');
    if (x.shape[0] < 1) throw new UserError('FeatureScaler.fit: need at least one sample');
    let maxNorm = 1;
    if (this.mode === 'max_norm') {
      const largest = tf.tidy(() => tf.max(tf.norm(x, 'euclidean', 1)).dataSync()[0] as number);
      if (!Number.isFinite(largest)) throw new UserError('FeatureScaler.fit: training features contain NaN or Infinity');
      maxNorm = largest > 0 ? largest : 1;
    }
    this.fittedState = { maxNorm, features: x.shape[1] };
    return this;
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    const { maxNorm, features } = this.fitted();
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
      case 'none':
        return x.clone();
    }
  }

  /** transform() written into a graph: rows x [m, d] → [m, d]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const { maxNorm } = this.fitted();
    switch (this.mode) {
      case 'max_norm':
        return op(g, 'Div', [x, scalar(g, maxNorm)]);
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
    const { maxNorm, features } = this.fitted();
    return { kind: 'FeatureScaler', version: 1, mode: this.mode, maxNorm, features };
  }

  static fromJSON(json: FeatureScalerJSON): FeatureScaler {
    expectKind(json, 'FeatureScaler', 1);
    const scaler = new FeatureScaler(json.mode);
    const maxNorm = expectFiniteNumber(json.maxNorm, 'FeatureScaler.maxNorm');
    if (!(maxNorm > 0)) throw new UserError(`FeatureScaler.maxNorm: must be > 0, got ${maxNorm}`);
    const features = expectFiniteNumber(json.features, 'FeatureScaler.features');
    if (!(Number.isInteger(features) && features >= 1)) throw new UserError(`FeatureScaler.features: must be an integer >= 1, got ${features}`);
    scaler.fittedState = { maxNorm, features };
    return scaler;
  }

  /** Nothing to release (the state is two numbers); present for symmetry with the other components. */
  dispose(): void {
    this.fittedState = undefined;
  }

  private fitted(): { maxNorm: number; features: number } {
    if (!this.fittedState) throw notFitted('FeatureScaler');
    return this.fittedState;
  }
}
