import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadDriving } from './driving';

let root: string;
beforeAll(() => {
  root = makeTempDir();
  for (const name of ['f2.jpg', 'f1.JPG', 'f3.png', 'notes.txt']) touch(path.join(root, 'seed', 'train', 'images', 'normal', name));
  for (const name of ['v1.jpg', 'v2.jpg']) touch(path.join(root, 'seed', 'val', 'images', 'normal', name));
  for (const name of ['a1.jpg', 'a2.jpeg', 'a3.bmp']) touch(path.join(root, 'seed', 'val', 'images', 'anamoly', name));
  touch(path.join(root, 'both', 'train', 'images', 'normal', 't.png'));
  touch(path.join(root, 'both', 'val', 'images', 'normal', 'n.png'));
  touch(path.join(root, 'both', 'val', 'images', 'anomaly', 'x.png'));
  touch(path.join(root, 'both', 'val', 'images', 'anamoly', 'y.png'));
  touch(path.join(root, 'custom', 'data', 'train', 'ok', 't.png'));
  touch(path.join(root, 'custom', 'data', 'test', 'ok', 'n.png'));
  touch(path.join(root, 'custom', 'data', 'test', 'crash', 'c.png'));
  touch(path.join(root, 'custom', 'data', 'test', 'glare', 'g.png'));
});
afterAll(() => removeDir(root));

const names = (records: { path: string; label: number; defectType: string }[]): [string, number, string][] =>
  records.map((r) => [path.basename(r.path), r.label, r.defectType]);

describe('loadDriving', () => {
  it('reads the seed layout with the misspelt anamoly folder', () => {
    const { train, test } = loadDriving({ root: path.join(root, 'seed') });
    expect(names(train)).toEqual([['f1.JPG', 0, 'good'], ['f2.jpg', 0, 'good'], ['f3.png', 0, 'good']]);
    expect(names(test)).toEqual([
      ['v1.jpg', 0, 'good'], ['v2.jpg', 0, 'good'],
      ['a1.jpg', 1, 'anamoly'], ['a2.jpeg', 1, 'anamoly'], ['a3.bmp', 1, 'anamoly'],
    ]);
  });

  it('uses both spellings when both are there', () => {
    expect(names(loadDriving({ root: path.join(root, 'both') }).test)).toEqual([['n.png', 0, 'good'], ['x.png', 1, 'anomaly'], ['y.png', 1, 'anamoly']]);
  });

  it('takes folder names from the options', () => {
    const { train, test } = loadDriving({
      root: path.join(root, 'custom'), trainDir: 'data/train', testDir: 'data/test', normalName: 'ok', abnormalNames: ['crash', 'glare', 'fog'],
    });
    expect(names(train)).toEqual([['t.png', 0, 'good']]);
    expect(names(test)).toEqual([['n.png', 0, 'good'], ['c.png', 1, 'crash'], ['g.png', 1, 'glare']]);
  });

  it('names the folder that is missing', () => {
    expect(() => loadDriving({ root: path.join(root, 'custom') })).toThrow(UserError);
    expect(() => loadDriving({ root: path.join(root, 'custom') })).toThrow(path.join(root, 'custom', 'train', 'images', 'normal'));
    expect(() => loadDriving({ root: path.join(root, 'custom'), trainDir: 'data/train', testDir: 'data/test', normalName: 'ok' })).toThrow(
      `${path.join(root, 'custom', 'data', 'test')}: no anomalous test folder (looked for anomaly, anamoly)`,
    );
  });
});
