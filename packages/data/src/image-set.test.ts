import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { ImageRecord, Preprocessing } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { decodeImage } from './decode/decode-image';
import { ImageDecoder, ImageSet } from './image-set';
import { gradientPixels, rawImage, writeImage } from './test-utils/images';
import { makeTempDir, removeDir } from './test-utils/temp-dir';

const PRE: Preprocessing = { height: 4, width: 5, channels: 3 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fakeRecords = (n: number): ImageRecord[] => Array.from({ length: n }, (_, i) => ({ path: `/fake/${i}.png`, label: 0, defectType: 'good' }));

/** A decoder that takes `delayMs` and fills each image with its record's number. */
function countingDecoder(delayMs: number): { decode: ImageDecoder; started: () => number; finished: () => number } {
  let started = 0;
  let finished = 0;
  const decode: ImageDecoder = async (record, pre) => {
    started++;
    await sleep(delayMs);
    finished++;
    return new Uint8Array(pre.height * pre.width * pre.channels).fill(Number(path.basename(record.path, '.png')));
  };
  return { decode, started: () => started, finished: () => finished };
}

async function recordOrder(set: ImageSet, batchSize: number, shuffleSeed?: number): Promise<string[]> {
  const order: string[] = [];
  for await (const batch of set.batches({ batchSize, shuffleSeed })) {
    batch.x.dispose();
    order.push(...batch.records.map((r) => r.path));
  }
  return order;
}

describe('ImageSet batches', () => {
  it('decodes up to `prefetch` batches ahead while the consumer works, and no further', async () => {
    const n = 40;
    const batchSize = 4;
    const prefetch = 2;
    const decoder = countingDecoder(2);
    const set = new ImageSet(fakeRecords(n), PRE, { prefetch, decode: decoder.decode });
    let k = 0;
    for await (const batch of set.batches({ batchSize })) {
      const aheadLimit = Math.min(n, (k + 1 + prefetch) * batchSize);
      expect(decoder.started()).toBeLessThanOrEqual(aheadLimit);
      await sleep(40); // the consumer "computes"; decoding of the next batches goes on meanwhile
      expect(decoder.finished()).toBe(aheadLimit);
      expect(decoder.started()).toBe(aheadLimit);
      batch.x.dispose();
      k++;
    }
    expect(k).toBe(n / batchSize);
  });

  it('decodes on demand with prefetch 0', async () => {
    const decoder = countingDecoder(1);
    const set = new ImageSet(fakeRecords(12), PRE, { prefetch: 0, decode: decoder.decode });
    let k = 0;
    for await (const batch of set.batches({ batchSize: 4 })) {
      await sleep(10);
      expect(decoder.started()).toBe((k + 1) * 4);
      batch.x.dispose();
      k++;
    }
  });

  it('builds one NHWC float32 tensor per batch from the decoded bytes', async () => {
    const set = new ImageSet(fakeRecords(5), PRE, { decode: countingDecoder(0).decode });
    const shapes: number[][] = [];
    for await (const batch of set.batches({ batchSize: 2 })) {
      shapes.push(batch.x.shape);
      expect(batch.x.dtype).toBe('float32');
      const firstValue = (await batch.x.data())[0]!;
      expect(firstValue).toBeCloseTo(Number(path.basename(batch.records[0]!.path, '.png')) / 255, 6);
      batch.x.dispose();
    }
    expect(shapes).toEqual([
      [2, 4, 5, 3],
      [2, 4, 5, 3],
      [1, 4, 5, 3],
    ]);
  });

  it('gives a deterministic order per seed, file order without one, each record once', async () => {
    const set = new ImageSet(fakeRecords(23), PRE, { decode: countingDecoder(0).decode });
    const files = fakeRecords(23).map((r) => r.path);
    expect(await recordOrder(set, 5)).toEqual(files);
    const seeded = await recordOrder(set, 5, 42);
    expect(await recordOrder(set, 7, 42)).toEqual(seeded);
    expect(seeded).not.toEqual(files);
    expect(await recordOrder(set, 5, 43)).not.toEqual(seeded);
    expect([...seeded].sort()).toEqual([...files].sort());
  });

  it('decodes each image once with the cache, every pass without it', async () => {
    for (const cache of [true, false]) {
      const decoder = countingDecoder(0);
      const set = new ImageSet(fakeRecords(6), PRE, { cache, decode: decoder.decode });
      for (let pass = 0; pass < 3; pass++) await recordOrder(set, 4, pass);
      expect(decoder.started()).toBe(cache ? 6 : 18);
    }
  });

  it('reports a failed decode and is not left with unhandled rejections when the consumer stops', async () => {
    const failing: ImageDecoder = async (record) => {
      if (record.path.endsWith('/3.png')) throw new UserError(`${record.path}: broken`);
      return new Uint8Array(60);
    };
    const set = new ImageSet(fakeRecords(8), PRE, { decode: failing, prefetch: 3 });
    await expect(recordOrder(set, 2)).rejects.toThrow('/fake/3.png: broken');
    for await (const batch of set.batches({ batchSize: 1 })) {
      batch.x.dispose();
      break; // stops while batches with the broken image decode ahead
    }
    await sleep(10);
  });

  it('rejects a bad batch size', async () => {
    const set = new ImageSet(fakeRecords(2), PRE, { decode: countingDecoder(0).decode });
    await expect(recordOrder(set, 0)).rejects.toThrow(UserError);
  });
});

describe('ImageSet on image files', () => {
  let dir: string;
  const records: ImageRecord[] = [];
  beforeAll(async () => {
    dir = makeTempDir();
    for (let i = 0; i < 7; i++) {
      const file = await writeImage(path.join(dir, `${i}.png`), rawImage(gradientPixels(20 + i, 16), 20 + i, 16, 3).png());
      const mask = await writeImage(path.join(dir, `${i}_mask.png`), rawImage(Buffer.alloc(20 * 16, i % 2 ? 255 : 0), 20, 16, 1).png());
      records.push({ path: file, label: i % 2 ? 1 : 0, defectType: i % 2 ? 'bad' : 'good', ...(i < 4 ? { maskPath: mask } : {}) });
    }
  });
  afterAll(() => removeDir(dir));

  it('keeps the tensor count flat over three passes when the consumer disposes each batch', async () => {
    const set = new ImageSet(records, PRE, { prefetch: 2 });
    const before = tf.memory().numTensors;
    for (let pass = 0; pass < 3; pass++) {
      for await (const batch of set.batches({ batchSize: 3, shuffleSeed: pass })) {
        tf.tidy(() => {
          batch.x.mean().dataSync();
        });
        batch.x.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('decodes the same values as decodeImage', async () => {
    const set = new ImageSet(records, PRE);
    const all = await set.decodeAll();
    expect(all).toHaveLength(records.length);
    expect(Array.from(all[2]!)).toEqual(Array.from(await decodeImage(records[2]!.path, PRE)));
    const [batch] = await firstBatch(set);
    expect(Array.from(await batch.x.data()).slice(0, 60)).toEqual(Array.from(all[0]!));
    batch.x.dispose();
  });

  it('decodes masks at the preprocessing size, undefined where a record has none', async () => {
    const masks = await new ImageSet(records, PRE).masks();
    expect(masks.map((m) => (m === undefined ? undefined : m.reduce((a, b) => a + b, 0)))).toEqual([0, 20, 0, 20, undefined, undefined, undefined]);
  });

  async function firstBatch(set: ImageSet): Promise<[{ x: tf.Tensor4D }]> {
    for await (const batch of set.batches({ batchSize: 1 })) return [batch];
    throw new Error('no batches');
  }
});

describe('ImageSet files', () => {
  it('declares its files only when images are the standard decode of them, and reports each decode', async () => {
    const dir = makeTempDir();
    try {
      const file = await writeImage(path.join(dir, 'a.png'), rawImage(gradientPixels(5, 4), 5, 4, 3).png());
      const records: ImageRecord[] = [{ path: file, label: 0, defectType: 'good' }];
      const seen: string[] = [];
      const standard = new ImageSet(records, PRE, { cache: false, onDecode: (r) => seen.push(r.path) });
      expect(standard.files).toEqual(records);
      const [image] = await standard.decodeAll();
      expect(Array.from(image!)).toEqual(Array.from(await decodeImage(file, PRE)));
      expect(seen).toEqual([file]);
      expect(new ImageSet(records, PRE, { decode: countingDecoder(0).decode }).files).toBeUndefined();
    } finally {
      removeDir(dir);
    }
  });

  it('keys each image by its file bytes and its preprocessing, and only when it reads files itself', async () => {
    const dir = makeTempDir();
    try {
      const png = await rawImage(gradientPixels(5, 4), 5, 4, 3).png().toBuffer();
      const a = path.join(dir, 'a.png');
      const copy = path.join(dir, 'copy-of-a.png');
      const b = await writeImage(path.join(dir, 'b.png'), rawImage(gradientPixels(4, 5), 4, 5, 3).png());
      fs.writeFileSync(a, png);
      fs.writeFileSync(copy, png);
      const records: ImageRecord[] = [a, copy, b].map((p) => ({ path: p, label: 0, defectType: 'good' }));
      const identity = await new ImageSet(records, PRE).cacheKeys();
      expect(identity?.records).toEqual(records);
      const [keyA, keyCopy, keyB] = identity!.keys;
      expect(keyA).toMatch(/^[0-9a-f]{64}$/);
      expect(keyCopy).toBe(keyA); // the same bytes decode to the same pixels wherever they lie
      expect(keyB).not.toBe(keyA);
      const otherSize = await new ImageSet(records, { ...PRE, width: PRE.width + 1 }).cacheKeys();
      const grey = await new ImageSet(records, { ...PRE, channels: 1 }).cacheKeys();
      expect(otherSize!.keys[0]).not.toBe(keyA);
      expect(grey!.keys[0]).not.toBe(keyA);
      expect(await new ImageSet(records, PRE, { decode: countingDecoder(0).decode }).cacheKeys()).toBeUndefined();
      const missing = { path: path.join(dir, 'gone.png'), label: 0 as const, defectType: 'good' };
      expect(await new ImageSet([...records, missing], PRE).cacheKeys()).toBeUndefined();
    } finally {
      removeDir(dir);
    }
  });
});
