import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { UserError } from '@anomaly-zoo/core';
import { ImageSet } from '../image-set';
import { writeFlatPng } from '../test-utils/images';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { encodeIdx, parseIdx, readIdx } from './idx';
import { readCifarBinary } from './cifar';
import { loadOneClass, resolveNormalClass } from './one-class';

let root: string;
const at = (...parts: string[]): string => path.join(root, ...parts);

/** Image i of a split is a 4×4 grey ramp offset by i, so every pixel of every image is known. */
const idxPixel = (i: number, p: number): number => (i * 16 + p * 3) % 256;
const trainLabels = [0, 1, 2, 1, 1, 9, 0, 1];
const testLabels = [1, 1, 0, 3, 1, 7];

function writeIdxSet(dir: string, gzip: boolean): void {
  const write = (name: string, dims: number[], values: number[]): void => {
    const bytes = encodeIdx(dims, Uint8Array.from(values));
    touch(path.join(dir, gzip ? `${name}.gz` : name), gzip ? zlib.gzipSync(bytes) : bytes);
  };
  for (const [split, labels] of [['train', trainLabels], ['t10k', testLabels]] as const) {
    write(`${split}-images-idx3-ubyte`, [labels.length, 4, 4], labels.flatMap((_, i) => Array.from({ length: 16 }, (_, p) => idxPixel(i, p))));
    write(`${split}-labels-idx1-ubyte`, [labels.length], [...labels]);
  }
}

/** CIFAR record n: label, then R, G, B planes with red = n, green = pixel index, blue = 200. */
function cifarBatch(labels: number[]): Buffer {
  const out = Buffer.alloc(labels.length * 3073);
  labels.forEach((label, n) => {
    const base = n * 3073;
    out[base] = label;
    for (let p = 0; p < 1024; p++) {
      out[base + 1 + p] = n;
      out[base + 1 + 1024 + p] = p % 256;
      out[base + 1 + 2048 + p] = 200;
    }
  });
  return out;
}

beforeAll(async () => {
  root = makeTempDir();
  writeIdxSet(at('plain'), false);
  writeIdxSet(at('gz'), true);
  const batches = at('cifar', 'cifar-10-batches-bin');
  for (let i = 1; i <= 5; i++) touch(path.join(batches, `data_batch_${i}.bin`), cifarBatch([3, i % 10, 3]));
  touch(path.join(batches, 'test_batch.bin'), cifarBatch([3, 5, 8, 3]));
  await writeFlatPng(at('cifar-png', 'train', 'cat', 'a.png'), 32);
  await writeFlatPng(at('cifar-png', 'train', '5', 'b.png'), 32);
  await writeFlatPng(at('cifar-png', 'test', 'cat', 'c.png'), 32);
  await writeFlatPng(at('cifar-png', 'test', 'dog', 'd.png'), 32);
});
afterAll(() => removeDir(root));

describe('IDX files', () => {
  it('reads dimensions and values, gzipped or not', () => {
    for (const dir of ['plain', 'gz']) {
      const images = readIdx(at(dir, `train-images-idx3-ubyte${dir === 'gz' ? '.gz' : ''}`));
      expect(images.dims).toEqual([8, 4, 4]);
      expect(images.data[16 * 5 + 7]).toBe(idxPixel(5, 7));
    }
  });

  it('rejects bad magic, other value types and a size that disagrees with the header', () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'f')).toThrow('f: not an IDX file');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'f')).toThrow(/0xd is not supported/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]), 'f')).toThrow(/declares 3 = 3 values but the file holds 2/);
  });
});

describe('loadOneClass on MNIST-style IDX files', () => {
  it('trains on the normal class only and tests on the whole test set', () => {
    const { train, test, normalClassName } = loadOneClass({ format: 'mnist', root: at('gz'), normalClass: 1 });
    expect(normalClassName).toBe('1');
    expect(train.map((r) => r.path.split('#')[1])).toEqual(['1', '3', '4', '7']);
    expect(train.every((r) => r.label === 0 && r.defectType === 'good')).toBe(true);
    expect(test.map((r) => [r.label, r.defectType])).toEqual([[0, 'good'], [0, 'good'], [1, '0'], [1, '3'], [0, 'good'], [1, '7']]);
  });

  it('decodes the in-memory pixels exactly at the native size, and converts for other sizes', async () => {
    const { train, decode } = loadOneClass({ format: 'fashion-mnist', root: at('plain'), normalClass: 'trouser' });
    const native = await new ImageSet(train, { height: 4, width: 4, channels: 1 }, { decode }).decodeAll();
    expect(Array.from(native[1]!, (v) => Math.round(v * 255))).toEqual(Array.from({ length: 16 }, (_, p) => idxPixel(3, p)));
    const rgb = await new ImageSet(train, { height: 4, width: 4, channels: 3 }, { decode }).decodeAll();
    expect(Array.from(rgb[0]!.subarray(0, 6), (v) => Math.round(v * 255))).toEqual([idxPixel(1, 0), idxPixel(1, 0), idxPixel(1, 0), idxPixel(1, 1), idxPixel(1, 1), idxPixel(1, 1)]);
    const big = await new ImageSet(train, { height: 8, width: 8, channels: 1 }, { decode }).decodeAll();
    expect(big[0]).toHaveLength(64);
  });

  it('accepts class names and numbers, and names a bad one or missing files', () => {
    expect(resolveNormalClass('fashion-mnist', 'Sneaker')).toBe(7);
    expect(resolveNormalClass('cifar10', 3)).toBe(3);
    expect(() => resolveNormalClass('mnist', 10)).toThrow(/normal_class '10' is not a mnist class/);
    expect(() => loadOneClass({ format: 'mnist', root: at('cifar'), normalClass: 0 })).toThrow(UserError);
    expect(() => loadOneClass({ format: 'mnist', root: at('cifar'), normalClass: 0 })).toThrow(`${at('cifar')}: no train-images-idx3-ubyte[.gz] here`);
    expect(() => loadOneClass({ format: 'mnist', root: at('gz'), normalClass: 4 })).toThrow(/no training images of class 4/);
  });
});

describe('CIFAR-10', () => {
  it('reads the binary batches, planes turned into HWC pixels', () => {
    const test = readCifarBinary(at('cifar', 'cifar-10-batches-bin'), 'test');
    expect(test.count).toBe(4);
    expect(Array.from(test.labels)).toEqual([3, 5, 8, 3]);
    const pixel = (n: number, p: number): number[] => Array.from(test.pixels.subarray((n * 1024 + p) * 3, (n * 1024 + p) * 3 + 3));
    expect(pixel(2, 300)).toEqual([2, 300 % 256, 200]);
    expect(readCifarBinary(at('cifar', 'cifar-10-batches-bin'), 'train').count).toBe(15);
  });

  it('runs the protocol from the binary form (parent folder given)', () => {
    const { train, test } = loadOneClass({ format: 'cifar10', root: at('cifar'), normalClass: 'cat' });
    expect(train).toHaveLength(11); // class 3 twice per batch, and batch 3's middle record
    expect(test.map((r) => r.defectType)).toEqual(['good', 'dog', 'ship', 'good']);
  });

  it('runs the protocol from class folders named by name or number', () => {
    const { train, test, decode } = loadOneClass({ format: 'cifar10', root: at('cifar-png'), normalClass: 3 });
    expect(decode).toBeUndefined();
    expect(train.map((r) => path.basename(r.path))).toEqual(['a.png']);
    expect(test.map((r) => [path.basename(r.path), r.label, r.defectType])).toEqual([['c.png', 0, 'good'], ['d.png', 1, 'dog']]);
    expect(loadOneClass({ format: 'cifar10', root: at('cifar-png'), normalClass: 'dog' }).train.map((r) => path.basename(r.path))).toEqual(['b.png']);
  });

  it('rejects a truncated batch', () => {
    const dir = at('bad-cifar');
    for (const name of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']) touch(path.join(dir, name), cifarBatch([1]));
    touch(path.join(dir, 'test_batch.bin'), cifarBatch([1, 2]).subarray(0, 5000));
    expect(() => readCifarBinary(dir, 'test')).toThrow(/test_batch.bin: 5000 bytes is not a whole number of 3073-byte/);
    expect(fs.existsSync(dir)).toBe(true);
  });
});
