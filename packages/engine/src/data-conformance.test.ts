import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageRecord } from '@anomaly-zoo/core';
import { DataFormatName, dataFormatNames, encodeIdx, getDataFormat } from '@anomaly-zoo/data';
import { writeMaskPng, writePng } from '@anomaly-zoo/testing';
import { resolveRunConfig } from './config/load';
import { prepareData, PreparedData } from './data-setup';
import type { Logger } from './log';

// Every registered data format, through the engine's own path (config → schema → load → screen → sets), on a
// tiny generated tree of its layout: disjoint splits, normal-only training images, every record decodes at the
// preprocessing size, the same config gives the same splits, and the format's block rejects unknown keys.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-data-conformance-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Example {
  /** data.root, data.category and data.<format> of a config that reads the tree. */
  data: Record<string, unknown>;
  /** Anomalous test images the tree leaves without a mask. */
  missingMasks: number;
}

const shade = (i: number) => () => 100 + 7 * i;
const pngs = async (dir: string, count: number, prefix = ''): Promise<void> => {
  for (let i = 0; i < count; i++) await writePng(path.join(dir, `${prefix}${String(i).padStart(3, '0')}.png`), { pattern: shade(i) });
};

async function mvtecTree(root: string, category: string): Promise<void> {
  const at = (...parts: string[]) => path.join(root, category, ...parts);
  await pngs(at('train', 'good'), 6);
  await pngs(at('test', 'good'), 2);
  await pngs(at('test', 'scratch'), 2);
  await writeMaskPng(at('ground_truth', 'scratch', '000_mask.png'), 8, { x: 2, y: 2, side: 3 });
}

async function idxSet(root: string): Promise<void> {
  fs.mkdirSync(root, { recursive: true });
  const labels = [0, 1, 0, 2, 0, 3, 0, 4];
  for (const split of ['train', 't10k']) {
    const pixels = Uint8Array.from({ length: labels.length * 784 }, (_, i) => (Math.floor(i / 784) * 30) % 256);
    fs.writeFileSync(path.join(root, `${split}-images-idx3-ubyte`), encodeIdx([labels.length, 28, 28], pixels));
    fs.writeFileSync(path.join(root, `${split}-labels-idx1-ubyte`), encodeIdx([labels.length], Uint8Array.from(labels)));
  }
}

/** One example tree per format: a format without one does not compile, so every format is covered. */
const EXAMPLES: Record<DataFormatName, (dir: string) => Promise<Example>> = {
  mvtec: async (dir) => {
    await mvtecTree(dir, 'widget');
    return { data: { root: dir, category: 'widget' }, missingMasks: 1 };
  },
  synthetic: async (dir) => ({
    data: { root: dir, category: 'texture', synthetic: { size: 32, train: 6, test_good: 2, per_defect: 1 } },
    missingMasks: 0,
  }),
  folder: async (dir) => {
    await pngs(path.join(dir, 'normal'), 6);
    await pngs(path.join(dir, 'test-good'), 2);
    await pngs(path.join(dir, 'dent'), 2);
    await writeMaskPng(path.join(dir, 'masks', 'dent', '000.png'), 8, { x: 1, y: 1, side: 2 });
    const folder = { normal: [path.join(dir, 'normal')], test_normal: [path.join(dir, 'test-good')], abnormal: [path.join(dir, 'dent')], masks: path.join(dir, 'masks') };
    return { data: { folder }, missingMasks: 1 };
  },
  malaria: async (dir) => {
    for (let p = 0; p < 8; p++) {
      await pngs(path.join(dir, 'cell_images', 'Uninfected'), 2, `C${p}P${p}thinF_IMG_1_cell_`);
      await pngs(path.join(dir, 'cell_images', 'Parasitized'), 1, `C${p}P${p}thinF_IMG_2_cell_`);
    }
    return { data: { root: dir, malaria: { test_fraction: 0.25 } }, missingMasks: 0 };
  },
  driving: async (dir) => {
    await pngs(path.join(dir, 'train', 'images', 'normal'), 6);
    await pngs(path.join(dir, 'val', 'images', 'normal'), 2);
    await pngs(path.join(dir, 'val', 'images', 'anamoly'), 2);
    return { data: { root: dir }, missingMasks: 0 };
  },
  images: async (dir) => {
    await pngs(dir, 8);
    return { data: { root: dir, images: { holdout_fraction: 0.25 } }, missingMasks: 0 };
  },
  mnist: async (dir) => {
    await idxSet(dir);
    return { data: { root: dir, mnist: { normal_class: 0 } }, missingMasks: 0 };
  },
  'fashion-mnist': async (dir) => {
    await idxSet(dir);
    return { data: { root: dir, 'fashion-mnist': { normal_class: 't-shirt_top' } }, missingMasks: 0 };
  },
  cifar10: async (dir) => {
    await pngs(path.join(dir, 'train', 'cat'), 6);
    await pngs(path.join(dir, 'test', 'cat'), 2);
    await pngs(path.join(dir, 'test', 'dog'), 2);
    return { data: { root: dir, cifar10: { normal_class: 'cat' } }, missingMasks: 0 };
  },
};

const configFor = (format: string, example: Example, extra: Record<string, unknown> = {}) =>
  resolveRunConfig({
    model: { name: 'dense-ae' },
    data: { format, image_size: 8, validation_fraction: 0.2, ...example.data, ...extra },
  }, `${format}.yaml`);

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { info: () => undefined, warn: (line) => warnings.push(line), warnings };
}

const paths = (records: readonly ImageRecord[]) => records.map((r) => r.path);

describe.each(dataFormatNames())('data format %s', (name) => {
  let example: Example;
  let prepared: PreparedData;
  let logger: ReturnType<typeof recordingLogger>;
  beforeAll(async () => {
    example = await EXAMPLES[name](path.join(work, name));
    logger = recordingLogger();
    prepared = await prepareData(configFor(name, example), logger);
  });

  it('is registered under its own name, with a closed block of its own keys', () => {
    const format = getDataFormat(name);
    expect(format.name).toBe(name);
    expect(format.schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(() => configFor(name, example, { [name]: { ...(example.data[name] as object), no_such_key: 1 } })).toThrow(
      `${name}.yaml: unknown key 'data.${name}.no_such_key'`,
    );
  });

  it('gives disjoint splits, normal-only training images and a validation part', () => {
    const { train, validation, test } = prepared.splits;
    expect(train.length).toBeGreaterThan(0);
    expect(validation.length).toBeGreaterThan(0);
    expect(train.every((r) => r.label === 0)).toBe(true);
    const all = [...paths(train), ...paths(validation)];
    expect(new Set(all).size).toBe(all.length);
    if (prepared.labelled) {
      expect(paths(test).filter((p) => all.includes(p))).toEqual([]);
      expect(new Set(test.map((r) => r.label))).toEqual(new Set([0, 1]));
    }
  });

  it('warns once about anomalous test images without a mask', () => {
    const unmasked = prepared.splits.test.filter((r) => r.label === 1 && r.maskPath === undefined);
    if (example.missingMasks > 0) {
      expect(logger.warnings).toEqual([expect.stringMatching(new RegExp(`^${example.missingMasks} defect image\\(s\\) have no mask`))]);
      expect(unmasked).toHaveLength(example.missingMasks);
    } else {
      expect(logger.warnings).toEqual([]);
    }
  });

  it('decodes every record of every split at the preprocessing size through its sets', async () => {
    const { height, width, channels } = prepared.preprocessing;
    for (const set of [prepared.train, prepared.validation, prepared.test, prepared.makeSet(prepared.splits.test.slice(0, 2), prepared.preprocessing)]) {
      const images = await set.decodeAll();
      expect(images).toHaveLength(set.size);
      for (const image of images) expect(image).toHaveLength(height * width * channels);
    }
  });

  it('gives the same splits for the same config', async () => {
    const again = await prepareData(configFor(name, example), recordingLogger());
    expect(again.splits).toEqual(prepared.splits);
    expect(again.category).toBe(prepared.category);
  });
});
