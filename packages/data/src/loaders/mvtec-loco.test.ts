import * as path from 'path';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadMvtecLoco } from './mvtec-loco';

let root: string;
const at = (...parts: string[]) => path.join(root, 'juice_bottle', ...parts);

beforeAll(() => {
  root = makeTempDir('az-loco-');
  for (const name of ['001.png', '000.png']) touch(at('train', 'good', name));
  touch(at('validation', 'good', '000.png'));
  touch(at('test', 'good', '000.png'));
  for (const name of ['000.png', '001.png']) touch(at('test', 'logical_anomalies', name));
  touch(at('test', 'structural_anomalies', '000.png'));
  touch(at('ground_truth', 'logical_anomalies', '000', '000.png'));
  touch(at('ground_truth', 'structural_anomalies', '000', '001.png'));
  touch(at('ground_truth', 'structural_anomalies', '000', '000.png'));
});
afterAll(() => removeDir(root));

describe('loadMvtecLoco', () => {
  it('uses validation/good as validation and reads logical and structural anomalies with their mask folders', () => {
    const split = loadMvtecLoco({ root, category: 'juice_bottle' });
    const rel = (p: string) => path.relative(at(), p);
    expect(split.train.map((r) => rel(r.path))).toEqual(['train/good/000.png', 'train/good/001.png']);
    expect(split.validation.map((r) => [rel(r.path), r.label])).toEqual([['validation/good/000.png', 0]]);
    expect(split.test.map((r) => [rel(r.path), r.label, r.defectType, r.maskPath && rel(r.maskPath)])).toEqual([
      ['test/good/000.png', 0, 'good', undefined],
      ['test/logical_anomalies/000.png', 1, 'logical_anomalies', 'ground_truth/logical_anomalies/000/000.png'],
      ['test/logical_anomalies/001.png', 1, 'logical_anomalies', undefined],
      ['test/structural_anomalies/000.png', 1, 'structural_anomalies', undefined],
    ]);
    expect(split.missingMasks).toEqual([at('test', 'logical_anomalies', '001.png')]);
    expect(split.notes).toEqual([
      "validation is the data set's own validation/good folder (1 images; data.validation_fraction is not used)",
      '1 anomalous test image(s) have several defect masks, not merged here: left out of pixel metrics',
    ]);
  });

  it('names the categories present when the category is missing, and a missing folder', () => {
    expect(() => loadMvtecLoco({ root, category: 'pushpins' })).toThrow(`${path.join(root, 'pushpins')}: MVTec LOCO category folder 'pushpins' not found (categories here: juice_bottle)`);
    const other = makeTempDir('az-loco-');
    touch(path.join(other, 'screw_bag', 'train', 'good', '000.png'));
    expect(() => loadMvtecLoco({ root: other, category: 'screw_bag' })).toThrow(/screw_bag\/validation\/good: MVTec LOCO validation \(validation\/good\) folder not found/);
    removeDir(other);
  });
});
