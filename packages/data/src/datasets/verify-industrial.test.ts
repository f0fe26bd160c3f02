import * as fs from 'fs';
import * as path from 'path';
import { datasetsMain } from '../cli/datasets';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { BTAD_PRODUCTS, LOCO_CATEGORIES, MPDD_CATEGORIES, VISA_CATEGORIES } from './industrial-catalogue';
import { verifyBtad, verifyMpdd, verifyMvtecLoco, verifyVisa } from './verify-industrial';

// Trees with the published counts (files carry only a PNG signature: verify lists names and checks heads).
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPG_HEAD = Uint8Array.from([0xff, 0xd8, 0xff]);
const png = (file: string) => touch(file, PNG_HEAD);
const jpg = (file: string) => touch(file, JPG_HEAD);
const name = (i: number, ext = 'png') => `${String(i).padStart(3, '0')}.${ext}`;
const quietIo = { log: () => undefined, progress: () => ({ update: () => undefined, stop: () => undefined }) };

let work: string;
beforeAll(() => {
  work = makeTempDir('az-verify-');
});
afterAll(() => removeDir(work));

function visaTree(root: string): void {
  touch(path.join(root, 'split_csv', '1cls.csv'), 'object,split,label,image,mask\n');
  for (const [category, counts] of Object.entries(VISA_CATEGORIES)) {
    for (let i = 0; i < counts.normal; i++) jpg(path.join(root, category, 'Data', 'Images', 'Normal', name(i, 'JPG')));
    for (let i = 0; i < counts.anomaly; i++) {
      jpg(path.join(root, category, 'Data', 'Images', 'Anomaly', name(i, 'JPG')));
      png(path.join(root, category, 'Data', 'Masks', 'Anomaly', name(i)));
    }
  }
}

function locoTree(root: string): void {
  for (const [category, c] of Object.entries(LOCO_CATEGORIES)) {
    const at = (...parts: string[]) => path.join(root, category, ...parts);
    const folders: [string[], number][] = [[['train', 'good'], c.train], [['validation', 'good'], c.validation], [['test', 'good'], c.testGood]];
    for (const [parts, count] of folders) for (let i = 0; i < count; i++) png(at(...parts, name(i)));
    for (const [type, count] of [['logical_anomalies', c.logical], ['structural_anomalies', c.structural]] as const) {
      for (let i = 0; i < count; i++) {
        png(at('test', type, name(i)));
        png(at('ground_truth', type, String(i).padStart(3, '0'), '000.png'));
      }
    }
  }
}

function mpddTree(root: string): void {
  for (const [category, c] of Object.entries(MPDD_CATEGORIES)) {
    const at = (...parts: string[]) => path.join(root, category, ...parts);
    for (let i = 0; i < c.train; i++) png(at('train', 'good', name(i)));
    for (let i = 0; i < c.testGood; i++) png(at('test', 'good', name(i)));
    for (let i = 0; i < c.testDefective; i++) {
      const defect = c.defects[i % c.defects.length]!;
      png(at('test', defect, name(i)));
      png(at('ground_truth', defect, `${String(i).padStart(3, '0')}_mask.png`));
    }
  }
}

/** BTAD's totals spread over the three products (the per-product split is not checked). */
function btadTree(root: string): void {
  const share = (total: number, k: number) => Math.floor(total / 3) + (k < total % 3 ? 1 : 0);
  BTAD_PRODUCTS.forEach((product, k) => {
    const at = (...parts: string[]) => path.join(root, product, ...parts);
    for (let i = 0; i < share(1799, k); i++) touch(at('train', 'ok', name(i, 'bmp')));
    for (let i = 0; i < share(451, k); i++) touch(at('test', 'ok', name(i, 'bmp')));
    for (let i = 0; i < share(290, k); i++) {
      touch(at('test', 'ko', name(i, 'bmp')));
      png(at('ground_truth', 'ko', name(i)));
    }
  });
}

describe.each([
  ['visa', visaTree, verifyVisa, path.join('candle', 'Data', 'Images', 'Normal', name(7, 'JPG')), 'candle', '999 images, expected 1000'],
  ['mvtec-loco', locoTree, verifyMvtecLoco, path.join('pushpins', 'validation', 'good', name(3)), 'pushpins', '68 images, expected 69'],
  ['mpdd', mpddTree, verifyMpdd, path.join('tubes', 'train', 'good', name(5)), 'tubes', '121 images, expected 122'],
] as const)('verify %s', (id, writeTree, verify, removed, category, problem) => {
  it('passes on a tree with the published counts and names the folder that lost an image', async () => {
    const root = path.join(work, id);
    writeTree(root);
    expect(verify(root).problems).toEqual([]);
    expect(await datasetsMain(['verify', id, '--root', root], quietIo)).toBe(0);
    fs.rmSync(path.join(root, removed));
    expect(verify(root).problems).toEqual([{ where: path.join(root, path.dirname(removed)), problem }]);
    expect(verify(root).counted.some((line) => line.startsWith(`${category}: `))).toBe(true);
  });
});

describe('verify btad', () => {
  it('passes on the published totals, and names a missing mask and a wrong total', async () => {
    const root = path.join(work, 'btad');
    btadTree(root);
    expect(verifyBtad(root).problems).toEqual([]);
    expect(await datasetsMain(['verify', 'btad', '--root', root], quietIo)).toBe(0);
    fs.rmSync(path.join(root, '02', 'ground_truth', 'ko', name(4)));
    fs.rmSync(path.join(root, '03', 'train', 'ok', name(0, 'bmp')));
    expect(verifyBtad(root).problems).toEqual([
      { where: path.join(root, '02', 'ground_truth', 'ko'), problem: `mask missing for ${path.join('02', 'test', 'ko', name(4, 'bmp'))}` },
      { where: root, problem: '1798 train images over products 01, 02, 03, expected 1799' },
    ]);
  });
});
