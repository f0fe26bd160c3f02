import * as fs from 'fs';
import * as path from 'path';
import { Enum, Static, Type } from '@anomaly-zoo/core';
import { loadMvtec } from '../loaders/mvtec';
import { generateSyntheticMvtec } from '../synthetic/generate';
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
    await ensureSynthetic(context.root, category, context.options, context.log);
    return trainTestFormat(context, loadMvtec({ root: context.root, category }), {
      category, trainSource: path.join(context.root, category, 'train', 'good'),
    });
  },
});

/** Generates the set once; regenerates when its parameters changed (they are stamped beside it). */
async function ensureSynthetic(root: string, category: string, options: SyntheticFormatOptions, log: (line: string) => void): Promise<void> {
  const dir = path.join(root, category);
  const stampFile = path.join(dir, 'synthetic.json');
  const stamp = JSON.stringify(options);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  const temp = path.join(root, `.${category}.generating-${process.pid}`);
  fs.rmSync(temp, { recursive: true, force: true });
  log(`generating synthetic data in ${dir} (${stamp})`);
  await generateSyntheticMvtec({
    root: temp, category, size: options.size, style: options.style, seed: options.seed,
    trainCount: options.train, testGoodCount: options.test_good, defectsPerType: options.per_defect,
  });
  fs.writeFileSync(path.join(temp, category, 'synthetic.json'), stamp);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(path.join(temp, category), dir);
  fs.rmSync(temp, { recursive: true, force: true });
}
