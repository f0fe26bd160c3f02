import * as path from 'path';
import { Enum, Static, Type } from '@anomaly-zoo/core';
import { loadMvtec } from '../loaders/mvtec';
import { ensureSyntheticMvtec } from '../synthetic/generate';
import { SYNTHETIC_STYLES } from '../synthetic/scenes';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

const syntheticSchema = formatSchema({
  size: Type.Integer({ minimum: 32, maximum: 4096, default: 128 }),
  style: Enum(SYNTHETIC_STYLES, { default: 'texture' }),
  train: Type.Integer({ minimum: 2, default: 60 }),
  test_good: Type.Integer({ minimum: 1, default: 20 }),
  per_defect: Type.Integer({ minimum: 1, default: 10 }),
  seed: Type.Integer({ minimum: 0, default: 0 }),
});
export type SyntheticFormatOptions = Static<typeof syntheticSchema>;

/** A generated MVTec-layout set in `<root>/<category>` (default category `synthetic`), made on first use. */
export const syntheticFormat = defineFormat({
  name: 'synthetic',
  description: 'generated MVTec-layout textures or objects with scratches, blobs and missing pieces and their exact masks',
  schema: syntheticSchema,
  async load(context) {
    const category = context.category ?? 'synthetic';
    const { options } = context;
    await ensureSyntheticMvtec(
      {
        root: context.root, category, size: options.size, style: options.style, seed: options.seed,
        trainCount: options.train, testGoodCount: options.test_good, defectsPerType: options.per_defect,
      },
      (dir) => context.log(`generating synthetic data in ${dir} (${JSON.stringify(options)})`),
    );
    return trainTestFormat(context, loadMvtec({ root: context.root, category }), {
      category, trainSource: path.join(context.root, category, 'train', 'good'),
    });
  },
});
