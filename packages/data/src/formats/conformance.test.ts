import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import type { ImageRecord } from '@anomaly-zoo/core';
import { encodeIdx } from '../one-class/idx';
import { writeMaskPng, writePng } from '../synthetic/png';
import { makeTempDir, removeDir } from '../test-utils/temp-dir';
import type { FormatContext, LoadedFormat } from './data-format';
import { DATA_FORMATS, DataFormatName, dataFormatNames, getDataFormat } from './registry';

// Every registered data format on a tiny generated tree of its layout: its block is a closed object of its own
// keys with defaults, load() gives disjoint splits with normal-only training images and a validation part,
// counts the anomalous images without a mask, reads every record through makeSet at the preprocessing size,
// and gives the same splits again for the same options and seed.
const work = makeTempDir('az-format-conformance-');
afterAll(() => removeDir(work));

const SIZE = 8;
const pre = { height: 4, width: 4, channels: 3 as const };

interface Example {
  root: string;
  category?: string;
  /** The format's block as a config would write it (defaults are filled from the schema). */
  options: Record<string, unknown>;
  /** Anomalous test images the tree leaves without a mask. */
  missingMasks: number;
}

async function pngs(dir: string, count: number, prefix = ''): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    await writePng(path.join(dir, `${prefix}${String(i).padStart(3, '0')}.png`), new Uint8Array(SIZE * SIZE * 3).fill(90 + 9 * i), SIZE, SIZE, 3);
  }
}

async function mask(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeMaskPng(file, Uint8Array.from({ length: SIZE * SIZE }, (_, i) => (i % 9 === 0 ? 1 : 0)), SIZE, SIZE);
}

async function mvtecLayout(dir: string, category: string): Promise<void> {
  await pngs(path.join(dir, category, 'train', 'good'), 6);
  await pngs(path.join(dir, category, 'test', 'good'), 2);
  await pngs(path.join(dir, category, 'test', 'scratch'), 2);
  await mask(path.join(dir, category, 'ground_truth', 'scratch', '000_mask.png'));
}

function idxSet(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const labels = [0, 1, 0, 2, 0, 3, 0, 4];
  for (const split of ['train', 't10k']) {
    fs.writeFileSync(path.join(dir, `${split}-images-idx3-ubyte`), encodeIdx([labels.length, 28, 28], Uint8Array.from({ length: labels.length * 784 }, (_, i) => i % 251)));
    fs.writeFileSync(path.join(dir, `${split}-labels-idx1-ubyte`), encodeIdx([labels.length], Uint8Array.from(labels)));
  }
}

/** One example tree per format, typed by the registry: a format without one does not compile. */
const EXAMPLES: Record<DataFormatName, (dir: string) => Promise<Example>> = {
  mvtec: async (dir) => {
    await mvtecLayout(dir, 'widget');
    return { root: dir, category: 'widget', options: {}, missingMasks: 1 };
  },
  synthetic: async (dir) => ({ root: dir, category: 'texture', options: { size: 32, train: 6, test_good: 2, per_defect: 1 }, missingMasks: 0 }),
  folder: async (dir) => {
    await pngs(path.join(dir, 'normal'), 6);
    await pngs(path.join(dir, 'test-good'), 2);
    await pngs(path.join(dir, 'dent'), 2);
    await mask(path.join(dir, 'masks', 'dent', '000.png'));
    const options = { normal: [path.join(dir, 'normal')], test_normal: [path.join(dir, 'test-good')], abnormal: [path.join(dir, 'dent')], masks: path.join(dir, 'masks') };
    return { root: dir, options, missingMasks: 1 };
  },
  malaria: async (dir) => {
    for (let p = 0; p < 8; p++) {
      await pngs(path.join(dir, 'cell_images', 'Uninfected'), 2, `C${p}P${p}thinF_IMG_1_cell_`);
      await pngs(path.join(dir, 'cell_images', 'Parasitized'), 1, `C${p}P${p}thinF_IMG_2_cell_`);
    }
    return { root: dir, options: { test_fraction: 0.25 }, missingMasks: 0 };
  },
  driving: async (dir) => {
    await pngs(path.join(dir, 'train', 'images', 'normal'), 6);
    await pngs(path.join(dir, 'val', 'images', 'normal'), 2);
    await pngs(path.join(dir, 'val', 'images', 'anamoly'), 2);
    return { root: dir, options: {}, missingMasks: 0 };
  },
  images: async (dir) => {
    await pngs(dir, 8);
    return { root: dir, options: { holdout_fraction: 0.25 }, missingMasks: 0 };
  },
  mnist: async (dir) => {
    idxSet(dir);
    return { root: dir, options: { normal_class: 0 }, missingMasks: 0 };
  },
  'fashion-mnist': async (dir) => {
    idxSet(dir);
    return { root: dir, options: { normal_class: 't-shirt_top' }, missingMasks: 0 };
  },
  cifar10: async (dir) => {
    await pngs(path.join(dir, 'train', 'cat'), 6);
    await pngs(path.join(dir, 'test', 'cat'), 2);
    await pngs(path.join(dir, 'test', 'dog'), 2);
    return { root: dir, options: { normal_class: 'cat' }, missingMasks: 0 };
  },
  visa: async (dir) => {
    const images = path.join(dir, 'candle', 'Data', 'Images');
    await pngs(path.join(images, 'Normal'), 8);
    await pngs(path.join(images, 'Anomaly'), 2);
    await mask(path.join(dir, 'candle', 'Data', 'Masks', 'Anomaly', '000.png'));
    const row = (split: string, label: string, image: string, maskFile = '') => `candle,${split},${label},${image},${maskFile}`;
    const normal = (i: number) => `candle/Data/Images/Normal/${String(i).padStart(3, '0')}.png`;
    const rows = [
      'object,split,label,image,mask',
      ...[0, 1, 2, 3, 4, 5].map((i) => row('train', 'normal', normal(i))),
      row('test', 'normal', normal(6)), row('test', 'normal', normal(7)),
      row('test', 'anomaly', 'candle/Data/Images/Anomaly/000.png', 'candle/Data/Masks/Anomaly/000.png'),
      row('test', 'anomaly', 'candle/Data/Images/Anomaly/001.png'),
    ];
    fs.mkdirSync(path.join(dir, 'split_csv'));
    fs.writeFileSync(path.join(dir, 'split_csv', '1cls.csv'), `${rows.join('\n')}\n`);
    return { root: dir, category: 'candle', options: {}, missingMasks: 1 };
  },
  'mvtec-loco': async (dir) => {
    const at = (...parts: string[]) => path.join(dir, 'pushpins', ...parts);
    await pngs(at('train', 'good'), 6);
    await pngs(at('validation', 'good'), 2);
    await pngs(at('test', 'good'), 2);
    await pngs(at('test', 'logical_anomalies'), 1);
    await pngs(at('test', 'structural_anomalies'), 2);
    await mask(at('ground_truth', 'logical_anomalies', '000', '000.png'));
    await mask(at('ground_truth', 'structural_anomalies', '000', '000.png'));
    await mask(at('ground_truth', 'structural_anomalies', '000', '001.png'));
    return { root: dir, category: 'pushpins', options: {}, missingMasks: 1 };
  },
  mpdd: async (dir) => {
    await mvtecLayout(dir, 'metal_plate');
    return { root: dir, category: 'metal_plate', options: {}, missingMasks: 1 };
  },
  btad: async (dir) => {
    await pngs(path.join(dir, '01', 'train', 'ok'), 6);
    await pngs(path.join(dir, '01', 'test', 'ok'), 2);
    await pngs(path.join(dir, '01', 'test', 'ko'), 2);
    await mask(path.join(dir, '01', 'ground_truth', 'ko', '000.png'));
    return { root: dir, category: '01', options: {}, missingMasks: 1 };
  },
};

/** Fills the block's defaults as the engine does; throws the first error otherwise. */
function resolveOptions(name: DataFormatName, options: Record<string, unknown>): Record<string, unknown> {
  const validate = new Ajv({ useDefaults: true, strict: false }).compile(getDataFormat(name).schema);
  const filled = structuredClone(options);
  if (!validate(filled)) throw new Error(`${name}: ${JSON.stringify(validate.errors)}`);
  return filled;
}

async function load(name: DataFormatName, example: Example): Promise<LoadedFormat> {
  const context: FormatContext<object> = {
    options: resolveOptions(name, example.options), root: example.root, seed: 3, validationFraction: 0.2, log: () => undefined,
    ...(example.category === undefined ? {} : { category: example.category }),
  };
  return getDataFormat(name).load(context);
}

const paths = (records: readonly ImageRecord[]) => records.map((r) => r.path);

describe.each(dataFormatNames())('data format %s', (name) => {
  let example: Example;
  let loaded: LoadedFormat;
  beforeAll(async () => {
    example = await EXAMPLES[name](path.join(work, name));
    loaded = await load(name, example);
  });

  it('is registered under its own name, with a closed block of its own keys', () => {
    expect(DATA_FORMATS[name].name).toBe(name);
    expect(getDataFormat(name).schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(() => resolveOptions(name, { ...example.options, no_such_key: 1 })).toThrow(/no_such_key/);
  });

  it('gives disjoint splits, normal-only training images and a validation part', () => {
    const { train, validation, test } = loaded.splits;
    expect(train.length).toBeGreaterThan(0);
    expect(validation.length).toBeGreaterThan(0);
    expect(train.every((r) => r.label === 0)).toBe(true);
    const fitOrCalibrate = [...paths(train), ...paths(validation)];
    expect(new Set(fitOrCalibrate).size).toBe(fitOrCalibrate.length);
    if (loaded.labelled) {
      expect(paths(test).filter((p) => fitOrCalibrate.includes(p))).toEqual([]);
      expect(new Set(test.map((r) => r.label))).toEqual(new Set([0, 1]));
    }
  });

  it('lists exactly the anomalous test images without a mask', () => {
    const unmasked = loaded.splits.test.filter((r) => r.label === 1 && r.maskPath === undefined).map((r) => r.path);
    expect(loaded.missingMasks).toHaveLength(example.missingMasks);
    expect(unmasked).toEqual(expect.arrayContaining(loaded.missingMasks));
  });

  it('reads every record of every split through makeSet at the preprocessing size', async () => {
    const { train, validation, test } = loaded.splits;
    for (const records of [train, validation, test]) {
      const images = await loaded.makeSet(records, pre).decodeAll();
      expect(images).toHaveLength(records.length);
      for (const image of images) expect(image).toHaveLength(pre.height * pre.width * pre.channels);
    }
  });

  it('gives the same splits for the same options and seed', async () => {
    const again = await load(name, example);
    expect(again.splits).toEqual(loaded.splits);
    expect(again.category).toBe(loaded.category);
  });
});
