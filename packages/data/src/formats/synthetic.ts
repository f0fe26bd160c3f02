import * as fs from 'fs';
import * as path from 'path';
import type { JsonSchema } from '@anomaly-zoo/core';
import { loadMvtec } from '../loaders/mvtec';
import { generateSyntheticMvtec } from '../synthetic/generate';
import type { SyntheticStyle } from '../synthetic/scenes';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

export interface SyntheticFormatOptions {
  size: number;
  style: SyntheticStyle;
  train: number;
  test_good: number;
  per_defect: number;
  seed: number;
}

const properties: Record<string, JsonSchema> = {
  size: { type: 'integer', minimum: 32, maximum: 4096, default: 128 },
  style: { enum: ['texture', 'object'], default: 'texture' },
  train: { type: 'integer', minimum: 2, default: 60 },
  test_good: { type: 'integer', minimum: 1, default: 20 },
  per_defect: { type: 'integer', minimum: 1, default: 10 },
  seed: { type: 'integer', minimum: 0, default: 0 },
};

/** A generated MVTec-layout set in `<root>/<category>` (default category `synthetic`), made on first use. */
export const syntheticFormat = defineFormat<SyntheticFormatOptions>({
  name: 'synthetic',
  description: 'generated MVTec-layout textures or objects with scratches, blobs and missing pieces and their exact masks',
  schema: formatSchema(properties),
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
