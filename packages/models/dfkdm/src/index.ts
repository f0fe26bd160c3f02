import { defineModel } from '@anomaly-zoo/core';
import { DfkdmConfig, dfkdmSchema } from './config';
import { DfkdmModel } from './model';

export { DfkdmConfig, dfkdmSchema, DfkdmModel };
export type { BackboneConfig } from './config';
export type { DfkdmFile, DfkdmTimings } from './model';
export type { FeatureCounts } from './cached-features';

export const dfkdm = defineModel<DfkdmConfig>({
  name: 'dfkdm',
  description: 'Deep-feature kernel density: pretrained MobileNet features, PCA, scaling, Gaussian KDE; score = -log density',
  schema: dfkdmSchema,
  create: (config, ctx) => new DfkdmModel(config, ctx),
  load: (dir, config, ctx) => DfkdmModel.load(dir, config, ctx),
});
