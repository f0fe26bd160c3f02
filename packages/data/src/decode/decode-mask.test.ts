import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { rawImage, writeImage } from '../test-utils/images';
import { makeTempDir, removeDir } from '../test-utils/temp-dir';
import { decodeMask, resizeNearest } from './decode-mask';

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

/** 8 × 8 with a white 4 × 4 square at columns 4–7, rows 0–3 (top right). */
function squareMask(on = 255): Buffer {
  const data = Buffer.alloc(64);
  for (let y = 0; y < 4; y++) for (let x = 4; x < 8; x++) data[y * 8 + x] = on;
  return data;
}

describe('decodeMask', () => {
  it('gives 0/1 values, nearest-resized', async () => {
    const file = await writeImage(path.join(dir, 'square_mask.png'), rawImage(squareMask(), 8, 8, 1).png());
    expect(Array.from(await decodeMask(file, { height: 2, width: 2, channels: 3 }))).toEqual([0, 1, 0, 0]);
    const up = await decodeMask(file, { height: 16, width: 16, channels: 1 });
    expect(up.length).toBe(256);
    expect(new Set(up)).toEqual(new Set([0, 1]));
    expect(up.reduce((a, b) => a + b, 0)).toBe(64);
    // Never blends: a 3 × 5 resize of the square stays strictly binary.
    const odd = await decodeMask(file, { height: 3, width: 5, channels: 3 });
    expect(odd.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('counts any non-zero value as defect: small labels, 16-bit, colour, not transparent black', async () => {
    const label = await writeImage(path.join(dir, 'label.png'), rawImage(squareMask(1), 8, 8, 1).png());
    const sixteen = new Uint16Array(Array.from(squareMask(1)));
    const deep = await writeImage(path.join(dir, 'deep.png'), rawImage(sixteen, 8, 8, 1).toColourspace('grey16').png());
    const red = Buffer.alloc(64 * 3);
    for (let p = 0; p < 64; p++) if (squareMask()[p]) red[p * 3] = 1;
    const colour = await writeImage(path.join(dir, 'colour.png'), rawImage(red, 8, 8, 3).png());
    const pre = { height: 8, width: 8, channels: 1 as const };
    for (const file of [label, deep, colour]) expect(Array.from(await decodeMask(file, pre))).toEqual(Array.from(squareMask(1)));
  });

  it('reports a bad mask with its path', async () => {
    const missing = path.join(dir, 'missing_mask.png');
    await expect(decodeMask(missing, { height: 4, width: 4, channels: 1 })).rejects.toThrow(UserError);
    await expect(decodeMask(missing, { height: 4, width: 4, channels: 1 })).rejects.toThrow(missing);
  });
});

describe('resizeNearest', () => {
  it('samples at pixel centres', () => {
    const source = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(Array.from(resizeNearest(source, 3, 3, 1, 1))).toEqual([0]);
    expect(Array.from(resizeNearest(source, 3, 3, 6, 6)).filter((v) => v).length).toBe(8);
  });
});
