import * as path from 'path';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadBtad } from './btad';

let root: string;
const at = (...parts: string[]) => path.join(root, '03', ...parts);

beforeAll(() => {
  root = makeTempDir('az-btad-');
  for (const name of ['0001.bmp', '0000.bmp']) touch(at('train', 'ok', name));
  touch(at('test', 'ok', '0000.bmp'));
  for (const name of ['0000.bmp', '0001.bmp']) touch(at('test', 'ko', name));
  touch(at('ground_truth', 'ko', '0000.png'));
});
afterAll(() => removeDir(root));

describe('loadBtad', () => {
  it('reads train/ok, test/ok and test/ko, each defect with the mask of its own stem', () => {
    const { train, test, missingMasks } = loadBtad({ root, product: '03' });
    const rel = (p: string) => path.relative(at(), p);
    expect(train.map((r) => [rel(r.path), r.label])).toEqual([['train/ok/0000.bmp', 0], ['train/ok/0001.bmp', 0]]);
    expect(test.map((r) => [rel(r.path), r.label, r.defectType, r.maskPath && rel(r.maskPath)])).toEqual([
      ['test/ok/0000.bmp', 0, 'good', undefined],
      ['test/ko/0000.bmp', 1, 'ko', 'ground_truth/ko/0000.png'],
      ['test/ko/0001.bmp', 1, 'ko', undefined],
    ]);
    expect(missingMasks).toEqual([at('test', 'ko', '0001.bmp')]);
  });

  it('names the products present when the product folder is missing', () => {
    expect(() => loadBtad({ root, product: '01' })).toThrow(`${path.join(root, '01')}: BTAD product folder '01' not found (products here: 03)`);
  });
});
