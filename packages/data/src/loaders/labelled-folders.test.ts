import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadLabelledFolders } from './labelled-folders';

let root: string;
const at = (...parts: string[]): string => path.join(root, ...parts);

beforeAll(() => {
  root = makeTempDir();
  for (const name of ['a.png', 'b.jpg']) touch(at('train', 'good', name));
  touch(at('train', 'good', 'nested', 'c.png'));
  touch(at('test', 'good', 'g1.png'));
  for (const name of ['x.png', 'y.png', 'z.png']) touch(at('test', 'bad', name));
  touch(at('test', 'dented', 'x.png'));
  touch(at('masks', 'x_mask.png'));
  touch(at('masks', 'y.png'));
  touch(at('masks', 'dented', 'x_mask.png'));
});
afterAll(() => removeDir(root));

const layout = {
  normal: [] as string[],
  testNormal: [] as string[],
  abnormal: [] as string[],
};

beforeEach(() => {
  layout.normal = [at('train', 'good')];
  layout.testNormal = [at('test', 'good')];
  layout.abnormal = [at('test', 'bad'), at('test', 'dented')];
});

describe('loadLabelledFolders', () => {
  it('trains on normal folders and tests on test-normal (0) and abnormal (1) folders', () => {
    const { train, test, missingMasks } = loadLabelledFolders({ ...layout, masks: at('masks') });
    expect(train.map((r) => path.basename(r.path))).toEqual(['a.png', 'b.jpg']);
    expect(test.map((r) => [path.basename(r.path), r.label, r.defectType])).toEqual([
      ['g1.png', 0, 'good'],
      ['x.png', 1, 'bad'],
      ['y.png', 1, 'bad'],
      ['z.png', 1, 'bad'],
      ['x.png', 1, 'dented'],
    ]);
    expect(test.map((r) => r.maskPath)).toEqual([undefined, at('masks', 'x_mask.png'), at('masks', 'y.png'), undefined, at('masks', 'dented', 'x_mask.png')]);
    expect(missingMasks).toEqual([at('test', 'bad', 'z.png')]);
  });

  it('reports no missing masks when no mask folder is given', () => {
    const { test, missingMasks } = loadLabelledFolders(layout);
    expect(test.every((r) => r.maskPath === undefined)).toBe(true);
    expect(missingMasks).toEqual([]);
  });

  it('reads sub-folders only when recursive', () => {
    expect(loadLabelledFolders({ ...layout, recursive: true }).train).toHaveLength(3);
  });

  it('refuses a folder in two roles, so test images never reach training', () => {
    expect(() => loadLabelledFolders({ ...layout, normal: [at('train', 'good'), at('test', 'good')] })).toThrow(UserError);
    expect(() => loadLabelledFolders({ ...layout, normal: [at('train', 'good'), at('test', 'good')] })).toThrow(/both as normal and as test normal/);
    expect(() => loadLabelledFolders({ ...layout, abnormal: [at('test', 'bad'), at('test', 'bad') + path.sep] })).toThrow(/twice/);
  });

  it('refuses a flat mask that two images would share', () => {
    expect(() => loadLabelledFolders({ ...layout, abnormal: [at('test', 'bad'), at('test', 'dented')], masks: at('masks') })).not.toThrow();
    touch(at('test', 'scratched', 'x.png'));
    expect(() => loadLabelledFolders({ ...layout, abnormal: [at('test', 'bad'), at('test', 'scratched')], masks: at('masks') })).toThrow(
      /matches both/,
    );
  });

  it('names missing folders and empty training sets', () => {
    expect(() => loadLabelledFolders({ ...layout, abnormal: [at('test', 'nope')] })).toThrow(at('test', 'nope'));
    expect(() => loadLabelledFolders({ ...layout, masks: at('no-masks') })).toThrow(at('no-masks'));
    expect(() => loadLabelledFolders({ ...layout, normal: [] })).toThrow(/no normal/);
    expect(() => loadLabelledFolders({ ...layout, normal: [at('masks', 'dented', 'none')] })).toThrow(UserError);
  });
});
