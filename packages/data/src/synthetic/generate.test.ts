import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { UserError } from '@anomaly-zoo/core';
import { decodeMask } from '../decode/decode-mask';
import { loadMvtec } from '../loaders/mvtec';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { generateSyntheticMvtec } from './generate';

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

const small = { size: 64, trainCount: 6, testGoodCount: 3, defectsPerType: 2 };

function filesUnder(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

describe('generateSyntheticMvtec', () => {
  it('writes the MVTec layout that loadMvtec reads, with a mask for every defect image', async () => {
    const root = path.join(dir, 'layout');
    const summary = await generateSyntheticMvtec({ root, seed: 1, style: 'object', ...small });
    expect(summary).toEqual({
      categoryDir: path.join(root, 'synthetic'),
      train: 6,
      testGood: 3,
      defects: { scratch: 2, blob: 2, missing: 2 },
      images: 15,
    });
    const files = filesUnder(summary.categoryDir);
    expect(files).toContain(path.join('train', 'good', '000.png'));
    expect(files).toContain(path.join('test', 'missing', '001.png'));
    expect(files).toContain(path.join('ground_truth', 'scratch', '001_mask.png'));
    expect(files.filter((f) => f.startsWith('ground_truth'))).toHaveLength(6);

    const { train, test, missingMasks } = loadMvtec({ root, category: 'synthetic' });
    expect(train).toHaveLength(6);
    expect(test.filter((r) => r.label === 0)).toHaveLength(3);
    expect(test.filter((r) => r.label === 1).map((r) => r.defectType)).toEqual(['blob', 'blob', 'missing', 'missing', 'scratch', 'scratch']);
    expect(missingMasks).toEqual([]);
    expect(test.filter((r) => r.label === 0).every((r) => r.maskPath === undefined)).toBe(true);
    for (const record of test.filter((r) => r.label === 1)) {
      const mask = await decodeMask(record.maskPath!, { height: 64, width: 64, channels: 1 });
      expect(mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    const meta = await sharp(train[0]!.path).metadata();
    expect([meta.width, meta.height, meta.channels, meta.format]).toEqual([64, 64, 3, 'png']);
  });

  it('gives byte-identical files for the same seed, different ones for another seed', async () => {
    const make = (name: string, seed: number) => generateSyntheticMvtec({ root: path.join(dir, name), seed, ...small });
    const [a, b, c] = [await make('a', 7), await make('b', 7), await make('c', 8)];
    const files = filesUnder(a.categoryDir);
    expect(filesUnder(b.categoryDir)).toEqual(files);
    for (const file of files) expect(fs.readFileSync(path.join(b.categoryDir, file)).equals(fs.readFileSync(path.join(a.categoryDir, file)))).toBe(true);
    const first = path.join('train', 'good', '000.png');
    expect(fs.readFileSync(path.join(c.categoryDir, first)).equals(fs.readFileSync(path.join(a.categoryDir, first)))).toBe(false);
  });

  it('replaces its own earlier output but refuses a folder it did not write', async () => {
    const root = path.join(dir, 'again');
    await generateSyntheticMvtec({ root, seed: 1, ...small, trainCount: 8 });
    const again = await generateSyntheticMvtec({ root, seed: 1, ...small, kinds: ['blob'] });
    expect(filesUnder(path.join(again.categoryDir, 'train', 'good'))).toHaveLength(6);
    expect(fs.existsSync(path.join(again.categoryDir, 'test', 'scratch'))).toBe(false);

    touch(path.join(dir, 'foreign', 'synthetic', 'train', 'good', 'mine.png'));
    await expect(generateSyntheticMvtec({ root: path.join(dir, 'foreign'), seed: 1, ...small })).rejects.toThrow(/not written by the synthetic generator/);
  });

  it('rejects bad options with a UserError', async () => {
    const root = path.join(dir, 'bad');
    await expect(generateSyntheticMvtec({ root, seed: 1, size: 8 })).rejects.toThrow(UserError);
    await expect(generateSyntheticMvtec({ root, seed: 1, kinds: ['dent' as 'blob'] })).rejects.toThrow(/unknown defect kind 'dent'/);
    await expect(generateSyntheticMvtec({ root, seed: 1, category: '../up' })).rejects.toThrow(/plain folder name/);
  });
});
