import { defineModel } from '@anomaly-zoo/core';
import { PadimConfig, padimSchema, DEFAULT_LAYERS } from './config';
import { PadimModel } from './padim-model';

export { PadimConfig, padimSchema, DEFAULT_LAYERS, PadimModel };
export { mahalanobisDistances } from './mahalanobis';

export const padim = defineModel<PadimConfig>({
  name: 'padim',
  description: 'PaDiM: per-position Gaussians over pretrained MobileNet feature maps; map = Mahalanobis distance, score = map maximum',
  schema: padimSchema,
  create: (config, ctx) => new PadimModel(config, ctx),
  load: (source, config, ctx) => PadimModel.load(source, config, ctx),
});
