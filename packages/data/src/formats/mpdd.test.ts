import * as path from 'path';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { mpddFormat } from './mpdd';

let root: string;
const at = (...parts: string[]) => path.join(root, 'bracket_black', ...parts);

beforeAll(() => {
  root = makeTempDir('az-mpdd-');
  for (const name of ['000.png', '001.png', '002.png', '003.png']) touch(at('train', 'good', name));
  touch(at('test', 'good', '000.png'));
  touch(at('test', 'hole', '000.png'));
  touch(at('test', 'scratches', '000.png'));
  touch(at('ground_truth', 'hole', '000_mask.png'));
});
afterAll(() => removeDir(root));

describe('the mpdd format', () => {
  it('reads an MPDD category (MVTec layout) with its defect types and masks, validation carved from train by seed', async () => {
    const loaded = await mpddFormat.load({ options: {}, root, category: 'bracket_black', seed: 1, validationFraction: 0.25, log: () => undefined });
    const rel = (p: string) => path.relative(at(), p);
    expect(loaded.category).toBe('bracket_black');
    expect(loaded.splits.train).toHaveLength(3);
    expect(loaded.splits.validation).toHaveLength(1);
    expect(loaded.splits.test.map((r) => [rel(r.path), r.label, r.defectType, r.maskPath && rel(r.maskPath)])).toEqual([
      ['test/good/000.png', 0, 'good', undefined],
      ['test/hole/000.png', 1, 'hole', 'ground_truth/hole/000_mask.png'],
      ['test/scratches/000.png', 1, 'scratches', undefined],
    ]);
    expect(loaded.missingMasks).toEqual([at('test', 'scratches', '000.png')]);
  });
});
