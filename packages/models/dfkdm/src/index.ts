import { defineModel } from '@anomaly-zoo/core';
import { DfkdmConfig, dfkdmSchema } from './config';
import { DfkdmModel } from './model';

export { DfkdmConfig, dfkdmSchema, DfkdmModel };
export { MULTI_LAYER_GEM, pooledDensitySchema } from './config';
export type { BackboneConfig, PooledDensityDefaults } from './config';
export { DFKDM_VARIANT } from './model';
export type { DfkdmFile, DfkdmPhase, PooledDensityVariant } from './model';
export type { FeatureCounts } from './cached-features';

export const dfkdm = defineModel<DfkdmConfig>({
  name: 'dfkdm',
  description: 'Deep-feature kernel density: pooled pretrained MobileNet features, optional PCA and scaling, Gaussian KDE; score = -log density',
  schema: dfkdmSchema,
  create: (config, ctx) => new DfkdmModel(config, ctx),
  load: (source, config, ctx) => DfkdmModel.load(source, config, ctx),
});
