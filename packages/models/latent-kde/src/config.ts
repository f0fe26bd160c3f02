import type { JsonSchema } from '@anomaly-zoo/core';
import { convAeSchema, ConvAeConfig } from '@anomaly-zoo/model-conv-ae';
import { denseAeSchema, DenseAeConfig } from '@anomaly-zoo/model-dense-ae';

export type CombineRule = 'sum' | 'max' | 'or-rule';

/** The autoencoder's own keys (conv-ae's or dense-ae's, by `autoencoder`) plus the latent density's. */
export interface LatentKdeConfig extends ConvAeConfig, DenseAeConfig {
  autoencoder: 'conv' | 'dense';
  /** Density features from the bottleneck: every value (`flatten`) or the per-channel spatial mean (`pool`). */
  features: 'flatten' | 'pool';
  /** PCA before the density: an integer k ≥ 1 keeps k axes, a fraction in (0, 1) that share of the variance, 0 none. */
  pca_components: number;
  density: 'kde' | 'gaussian';
  bandwidth: 'scott' | 'silverman' | number;
  /** Added to the feature covariance's diagonal (keeps near-singular code covariances factorable). */
  ridge: number;
  /**
   * How the standardised parts (z of the reconstruction error, z of −log p(code)) become one score:
   * their sum, their maximum, or `or-rule`: max over parts of (z − that part's `or_quantile` on normal
   * images), so the score is > 0 exactly when the error is high OR the code's density is low.
   */
  combine: CombineRule;
  or_quantile: number;
}

// conv-ae's feature-space mode has no pixel bottleneck whose codes the density could model: not offered here.
const { space: _space, backbone: _backbone, feature_channels: _featureChannels, error_standardisation: _standardisation, ...convProperties } = convAeSchema.properties as Record<string, JsonSchema>;
const denseProperties = denseAeSchema.properties as Record<string, JsonSchema>;

export const latentKdeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    autoencoder: { enum: ['conv', 'dense'], default: 'conv' },
    ...convProperties,
    hidden: denseProperties.hidden,
    latent: denseProperties.latent,
    features: { enum: ['pool', 'flatten'], default: 'flatten' },
    pca_components: { type: 'number', minimum: 0, default: 16 },
    density: { enum: ['kde', 'gaussian'], default: 'kde' },
    bandwidth: { anyOf: [{ enum: ['scott', 'silverman'] }, { type: 'number', exclusiveMinimum: 0 }], default: 'scott' },
    ridge: { type: 'number', minimum: 0, default: 1e-6 },
    combine: { enum: ['sum', 'max', 'or-rule'], default: 'sum' },
    or_quantile: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 },
  },
};
