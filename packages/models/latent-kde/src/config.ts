import type { JsonSchema } from '@anomaly-zoo/core';
import { DensityConfig, densitySchemaProperties } from '@anomaly-zoo/components';
import { convAeSchema, ConvAeConfig } from '@anomaly-zoo/model-conv-ae';
import { denseAeSchema, DenseAeConfig } from '@anomaly-zoo/model-dense-ae';

export type CombineRule = 'sum' | 'max' | 'or-rule';

/** The autoencoder's own keys (conv-ae's or dense-ae's, by `autoencoder`) plus the latent density's (the components' DensityConfig). */
export interface LatentKdeConfig extends ConvAeConfig, DenseAeConfig, DensityConfig {
  autoencoder: 'conv' | 'dense';
  /** Density features from the bottleneck: every value (`flatten`) or the per-channel spatial mean (`pool`). */
  features: 'flatten' | 'pool';
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
    ...densitySchemaProperties({
      pca_components: 16, scaling: 'none', density: 'kde', bandwidth: 'scott', shrinkage: 'none', ridge: 1e-6, max_training_points: 40000,
    }),
    combine: { enum: ['sum', 'max', 'or-rule'], default: 'sum' },
    or_quantile: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 },
  },
};
