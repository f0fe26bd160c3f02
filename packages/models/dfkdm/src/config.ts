import { ConfigObject, Static, Type } from '@anomaly-zoo/core';
import {
  BackboneConfig, backboneConfigSchema, DensityConfig, densitySchemaProperties, PoolingConfig, poolingSchemaProperties,
} from '@anomaly-zoo/components';

export type { BackboneConfig };

/** The defaults a pooled-feature density model (DFKDM, DFM) chooses. */
export interface PooledDensityDefaults {
  layers: string[];
  pooling: PoolingConfig;
  density: DensityConfig;
}

/** The `model:` schema of a pooled-feature density model with its own defaults: one set of names for DFKDM and DFM. */
export function pooledDensitySchema(defaults: PooledDensityDefaults) {
  return ConfigObject({
    backbone: backboneConfigSchema({ layers: defaults.layers, fallbackToHub: true }),
    ...poolingSchemaProperties(defaults.pooling),
    ...densitySchemaProperties(defaults.density),
    feature_cache: Type.Boolean({ default: true }),
  });
}

/** A pooled-feature density model's keys: the backbone, how its maps are pooled, the density pipeline, the cache. */
export type DfkdmConfig = Static<ReturnType<typeof pooledDensitySchema>>;

/** Two MobileNet depths (conv_pw_11: 384 channels, conv_pw_13: 768 at width 0.75), each GeM-pooled and L2-normalised. */
export const MULTI_LAYER_GEM = {
  layers: ['conv_pw_11_relu', 'conv_pw_13_relu'],
  pooling: { pooling: 'gem', gem_p: 3, normalise_layers: true },
} as const;

/**
 * DFKDM's defaults, chosen on mvtec-dev and malaria-dev (see README.md): no PCA, a KDE whose kernel covariance is
 * the Ledoit–Wolf shrunk covariance × Scott's h². The seed-faithful recipe (PCA 16, max-norm, plain covariance,
 * embedding layer, average pooling) is configs/dfkdm/seed-recipe.yaml.
 */
export const dfkdmSchema = pooledDensitySchema({
  layers: [...MULTI_LAYER_GEM.layers],
  pooling: { ...MULTI_LAYER_GEM.pooling },
  density: { pca_components: 0, scaling: 'none', density: 'kde', bandwidth: 'scott', shrinkage: 'ledoit_wolf', ridge: 1e-6, max_training_points: 40000 },
});
