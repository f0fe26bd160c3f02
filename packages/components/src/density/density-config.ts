import { Enum, Static, TObject, Type, withDefaults } from '@anomaly-zoo/core';
import { Bandwidth, BANDWIDTH_RULES } from './bandwidth';
import { SCALING_MODES } from './feature-scaler';
import { Shrinkage, SHRINKAGE_ESTIMATES } from './shrinkage';

/** The density estimates: a Gaussian KDE over the training features, or one Gaussian. */
export const DENSITY_KINDS = ['kde', 'gaussian'] as const;

/**
 * The density keys of a feature model's `model:` block (DFKDM, DFM, latent-kde): one set of names, one schema.
 * Features → PCA (`pca_components`) → scaling → a Gaussian KDE or one Gaussian, score = −log p.
 * Each model gives its own defaults (densitySchemaProperties).
 */
const densityProperties = {
  /** An integer k ≥ 1 keeps k principal axes, a fraction in (0, 1) that share of the variance, 0 no PCA. */
  pca_components: Type.Number({ minimum: 0 }),
  scaling: Enum(SCALING_MODES),
  density: Enum(DENSITY_KINDS),
  /** KDE only: the bandwidth factor h (kernel covariance = h²·covariance). */
  bandwidth: Type.Unsafe<Bandwidth>({ anyOf: [Enum(BANDWIDTH_RULES), Type.Number({ exclusiveMinimum: 0 })] }),
  /** Shrinkage of the covariance (the KDE's kernel, or the Gaussian's) towards a multiple of I. */
  shrinkage: Type.Unsafe<Shrinkage>({ anyOf: [Enum(SHRINKAGE_ESTIMATES), Type.Number({ minimum: 0, maximum: 1 })] }),
  /** Added to the covariance diagonal after shrinkage, so that near-singular features still factorise. */
  ridge: Type.Number({ minimum: 0 }),
  /** KDE only: larger training sets are subsampled (seeded). */
  max_training_points: Type.Integer({ minimum: 2 }),
};

export type DensityConfig = Static<TObject<typeof densityProperties>>;

/** The schema of those keys, with a model's own defaults. */
export function densitySchemaProperties(defaults: DensityConfig): typeof densityProperties {
  return withDefaults(densityProperties, defaults);
}
