import { defineModel } from '@anomaly-zoo/core';
import { PatchcoreConfig, patchcoreSchema, DEFAULT_LAYERS } from './config';
import { PatchcoreModel } from './patchcore-model';

export { PatchcoreConfig, patchcoreSchema, DEFAULT_LAYERS, PatchcoreModel };
export { greedyCoreset } from './coreset';
export { nearestNeighbours } from './nearest-neighbours';
export { reweightedScore } from './reweighting';
export { gaussianProjection } from './random-projection';

export const patchcore = defineModel<PatchcoreConfig>({
  name: 'patchcore',
  description: 'PatchCore: greedy-coreset memory bank of locally aware MobileNet patch features; map = nearest-bank distance, score = reweighted maximum',
  schema: patchcoreSchema,
  create: (config, ctx) => new PatchcoreModel(config, ctx),
  load: (source, config, ctx) => PatchcoreModel.load(source, config, ctx),
});
