import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadMvtec } from './mvtec';

let root: string;
const category = 'widget';
const at = (...parts: string[]): string => path.join(root, category, ...parts);

beforeAll(() => {
  root = makeTempDir();
  for (const name of ['002.png', '000.png', '001.png', '.DS_Store', 'readme.txt']) touch(at('train', 'good', name));
  for (const name of ['000.png', '001.png']) touch(at('test', 'good', name));
  for (const name of ['000.png', '001.png', '002.png']) touch(at('test', 'crack', name));
  touch(at('test', 'hole', '000.png'));
  touch(at('ground_truth', 'crack', '000_mask.png'));
  touch(at('ground_truth', 'crack', '002_mask.png'));
  touch(at('ground_truth', 'crack', '001.png')); // not named <stem>_mask: not a mask in MVTec
});
afterAll(() => removeDir(root));

describe('loadMvtec', () => {
  it('finds sorted training images, labelled test images and their masks', () => {
    const { train, test, missingMasks } = loadMvtec({ root, category });
    expect(train.map((r) => path.basename(r.path))).toEqual(['000.png', '001.png', '002.png']);
    expect(train.every((r) => r.label === 0 && r.defectType === 'good' && r.maskPath === undefined)).toBe(true);

    expect(test.map((r) => [path.relative(at('test'), r.path), r.label, r.defectType])).toEqual([
      [path.join('crack', '000.png'), 1, 'crack'],
      [path.join('crack', '001.png'), 1, 'crack'],
      [path.join('crack', '002.png'), 1, 'crack'],
      [path.join('good', '000.png'), 0, 'good'],
      [path.join('good', '001.png'), 0, 'good'],
      [path.join('hole', '000.png'), 1, 'hole'],
    ]);
    expect(test[0]!.maskPath).toBe(at('ground_truth', 'crack', '000_mask.png'));
    expect(test[2]!.maskPath).toBe(at('ground_truth', 'crack', '002_mask.png'));
    expect(missingMasks).toEqual([at('test', 'crack', '001.png'), at('test', 'hole', '000.png')]);
  });

  it('names a missing category and lists the ones there are', () => {
    expect(() => loadMvtec({ root, category: 'bottle' })).toThrow(UserError);
    expect(() => loadMvtec({ root, category: 'bottle' })).toThrow(/bottle.*categories here: widget/);
  });

  it('names a missing root, train or test folder', () => {
    expect(() => loadMvtec({ root: path.join(root, 'nowhere'), category })).toThrow(path.join(root, 'nowhere'));
    touch(path.join(root, 'half', 'train', 'good', '000.png'));
    expect(() => loadMvtec({ root, category: 'half' })).toThrow(path.join(root, 'half', 'test'));
    fs.mkdirSync(path.join(root, 'empty', 'train', 'good'), { recursive: true });
    fs.mkdirSync(path.join(root, 'empty', 'test'), { recursive: true });
    expect(() => loadMvtec({ root, category: 'empty' })).toThrow(/no images/);
  });
});
