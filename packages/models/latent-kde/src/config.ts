import { ConfigObject, Enum, Static, Type } from '@anomaly-zoo/core';
import { densitySchemaProperties, reconstructionScoringSchema } from '@anomaly-zoo/components';
import { convAeNetworkProperties } from '@anomaly-zoo/model-conv-ae';
import { denseAeProperties } from '@anomaly-zoo/model-dense-ae';

/**
 * How the standardised parts (z of the reconstruction error, z of −log p(code)) become one score:
 * their sum, their maximum, or `or-rule`: max over parts of (z − that part's `or_quantile` on normal
 * images), so the score is > 0 exactly when the error is high OR the code's density is low.
 */
export const COMBINE_RULES = ['sum', 'max', 'or-rule'] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];

/**
 * The autoencoder's own keys (conv-ae's pixel-space ones or dense-ae's, by `autoencoder`) plus the latent density's.
 * conv-ae's feature-space mode has no pixel bottleneck whose codes the density could model: not offered here.
 */
export const latentKdeSchema = ConfigObject({
  autoencoder: Enum(['conv', 'dense'] as const, { default: 'conv' }),
  ...convAeNetworkProperties,
  ...reconstructionScoringSchema,
  hidden: denseAeProperties.hidden,
  latent: denseAeProperties.latent,
  /** Density features from the bottleneck: every value (`flatten`) or the per-channel spatial mean (`pool`). */
  features: Enum(['pool', 'flatten'] as const, { default: 'flatten' }),
  ...densitySchemaProperties({
    pca_components: 16, scaling: 'none', density: 'kde', bandwidth: 'scott', shrinkage: 'none', ridge: 1e-6, max_training_points: 40000,
  }),
  combine: Enum(COMBINE_RULES, { default: 'sum' }),
  or_quantile: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 }),
});
export type LatentKdeConfig = Static<typeof latentKdeSchema>;
