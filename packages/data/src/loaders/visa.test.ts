import * as path from 'path';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadVisa } from './visa';

let root: string;
const csv = (...rows: string[]) => touch(path.join(root, 'split_csv', '1cls.csv'), ['object,split,label,image,mask', ...rows].join('\r\n'));
const image = (object: string, kind: 'Normal' | 'Anomaly', stem: string) => touch(path.join(root, object, 'Data', 'Images', kind, `${stem}.JPG`));

beforeAll(() => {
  root = makeTempDir('az-visa-');
  for (const stem of ['0000', '0001', '0002', '0003']) image('candle', 'Normal', stem);
  for (const stem of ['000', '001']) image('candle', 'Anomaly', stem);
  touch(path.join(root, 'candle', 'Data', 'Masks', 'Anomaly', '000.png'));
  image('pcb1', 'Normal', '0000');
});
afterAll(() => removeDir(root));

describe('loadVisa', () => {
  it("reads the category's train and test rows of the split CSV, with masks relative to the root", () => {
    csv(
      'candle,train,normal,candle/Data/Images/Normal/0002.JPG,',
      'candle,train,normal,candle/Data/Images/Normal/0000.JPG,',
      'pcb1,train,normal,pcb1/Data/Images/Normal/0000.JPG,',
      'candle,test,normal,candle/Data/Images/Normal/0001.JPG,',
      'candle,test,anomaly,candle/Data/Images/Anomaly/000.JPG,candle/Data/Masks/Anomaly/000.png',
      'candle,test,anomaly,candle/Data/Images/Anomaly/001.JPG,',
      'candle,test,normal,candle/Data/Images/Normal/0003.JPG,',
    );
    const { train, test, missingMasks } = loadVisa({ root, category: 'candle', splitCsv: 'split_csv/1cls.csv' });
    const rel = (p: string) => path.relative(root, p);
    expect(train.map((r) => [rel(r.path), r.label, r.defectType])).toEqual([
      ['candle/Data/Images/Normal/0002.JPG', 0, 'good'],
      ['candle/Data/Images/Normal/0000.JPG', 0, 'good'],
    ]);
    expect(test.map((r) => [rel(r.path), r.label, r.defectType, r.maskPath && rel(r.maskPath)])).toEqual([
      ['candle/Data/Images/Normal/0001.JPG', 0, 'good', undefined],
      ['candle/Data/Images/Anomaly/000.JPG', 1, 'anomaly', 'candle/Data/Masks/Anomaly/000.png'],
      ['candle/Data/Images/Anomaly/001.JPG', 1, 'anomaly', undefined],
      ['candle/Data/Images/Normal/0003.JPG', 0, 'good', undefined],
    ]);
    expect(missingMasks).toEqual([path.join(root, 'candle/Data/Images/Anomaly/001.JPG')]);
  });

  it('stops with one line naming the file (and line) for a missing CSV, category, column, image or a bad row', () => {
    const load = (category = 'candle') => () => loadVisa({ root, category, splitCsv: 'split_csv/1cls.csv' });
    expect(() => loadVisa({ root, category: 'candle', splitCsv: 'nope.csv' })).toThrow(`${path.join(root, 'nope.csv')}: VisA split file not found (data.visa.split_csv)`);
    csv('candle,train,normal,candle/Data/Images/Normal/0000.JPG,');
    expect(load('fryum')).toThrow(/1cls\.csv: no rows for category 'fryum' \(categories here: candle\)/);
    csv('candle,train,normal,candle/Data/Images/Normal/9999.JPG,');
    expect(load()).toThrow(/1cls\.csv:2: .*9999\.JPG: file not found/);
    csv('candle,val,normal,candle/Data/Images/Normal/0000.JPG,');
    expect(load()).toThrow(/1cls\.csv:2: split 'val' is neither train nor test/);
    csv('candle,train,anomaly,candle/Data/Images/Anomaly/000.JPG,');
    expect(load()).toThrow(/1cls\.csv:2: an anomalous image in the training split/);
    touch(path.join(root, 'split_csv', '1cls.csv'), 'object,split,image\n');
    expect(load()).toThrow(/1cls\.csv:1: missing column\(s\) label, mask/);
  });
});
