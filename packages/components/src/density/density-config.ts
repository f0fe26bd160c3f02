import type { JsonSchema } from '@anomaly-zoo/core';
import type { Bandwidth } from './bandwidth';
import { SCALING_MODES, type ScalingMode } from './feature-scaler';
import type { Shrinkage } from './shrinkage';

/**
 * The density keys of a feature model's `model:` block (DFKDM, DFM, latent-kde): one set of names, one schema.
 * Features → PCA (`pca_components`) → scaling → a Gaussian KDE or one Gaussian, score = −log p.
 */
export interface DensityConfig {
  /** An integer k ≥ 1 keeps k principal axes, a fraction in (0, 1) that share of the variance, 0 no PCA. */
  pca_components: number;
  scaling: ScalingMode;
  density: 'kde' | 'gaussian';
  /** KDE only: the bandwidth factor h (kernel covariance = h²·covariance). */
  bandwidth: Bandwidth;
  /** Shrinkage of the covariance (the KDE's kernel, or the Gaussian's) towards a multiple of I. */
  shrinkage: Shrinkage;
  /** Added to the covariance diagonal after shrinkage, so that near-singular features still factorise. */
  ridge: number;
  /** KDE only: larger training sets are subsampled (seeded). */
  max_training_points: number;
}

/** The schema of those keys, with a model's own defaults. */
export function densitySchemaProperties(defaults: DensityConfig): Record<string, JsonSchema> {
  return {
    pca_components: { type: 'number', minimum: 0, default: defaults.pca_components },
    scaling: { enum: [...SCALING_MODES], default: defaults.scaling },
    density: { enum: ['kde', 'gaussian'], default: defaults.density },
    bandwidth: { anyOf: [{ enum: ['scott', 'silverman'] }, { type: 'number', exclusiveMinimum: 0 }], default: defaults.bandwidth },
    shrinkage: { anyOf: [{ enum: ['none', 'ledoit_wolf'] }, { type: 'number', minimum: 0, maximum: 1 }], default: defaults.shrinkage },
    ridge: { type: 'number', minimum: 0, default: defaults.ridge },
    max_training_points: { type: 'integer', minimum: 2, default: defaults.max_training_points },
  };
}
