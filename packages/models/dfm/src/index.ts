import { defineModel } from '@anomaly-zoo/core';
import { DfkdmConfig, DfkdmModel, MULTI_LAYER_GEM, PooledDensityVariant, pooledDensitySchema } from '@anomaly-zoo/model-dfkdm';

/** DFM's config: the same keys as DFKDM's (one set of names), with a single Gaussian by default. */
export type DfmConfig = DfkdmConfig;

export const DFM_VARIANT: PooledDensityVariant = { name: 'dfm', file: 'dfm.json' };

/**
 * DFM's defaults, chosen on mvtec-dev and malaria-dev with DFKDM's features (see README.md): the full pooled
 * vector, no PCA, one Gaussian whose covariance is shrunk by Ledoit–Wolf (d ≈ 1150 dimensions from ~100 images).
 */
export const dfmSchema = pooledDensitySchema({
  layers: [...MULTI_LAYER_GEM.layers],
  pooling: { ...MULTI_LAYER_GEM.pooling },
  density: { pca_components: 0, scaling: 'none', density: 'gaussian', bandwidth: 'scott', shrinkage: 'ledoit_wolf', ridge: 1e-6, max_training_points: 40000 },
});

export const dfm = defineModel<DfmConfig>({
  name: 'dfm',
  description: 'Deep-feature modelling: pooled pretrained MobileNet features, one Gaussian with Ledoit-Wolf shrinkage; score = -log density',
  schema: dfmSchema,
  create: (config, ctx) => new DfkdmModel(config, ctx, DFM_VARIANT),
  load: (source, config, ctx) => DfkdmModel.load(source, config, ctx, DFM_VARIANT),
});
