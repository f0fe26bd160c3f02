import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { fileStem, listImageFiles } from './image-files';
import { makeTempDir, removeDir, touch } from './test-utils/temp-dir';

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
  for (const name of ['b.PNG', 'a.jpg', 'c.JpEg', 'd.bmp', 'e.gif', 'f.tif', 'g.TIFF', 'h.webp', 'notes.txt', '.hidden.png', 'noext']) touch(path.join(dir, name));
  touch(path.join(dir, 'sub', 'deep.png'));
  touch(path.join(dir, '.cache', 'skip.png'));
  fs.mkdirSync(path.join(dir, 'folder.png'));
});
afterAll(() => removeDir(dir));

describe('listImageFiles', () => {
  it('lists image files by extension, case-insensitive, sorted, skipping hidden files and sub-folders', () => {
    expect(listImageFiles(dir).map((f) => path.basename(f))).toEqual(['a.jpg', 'b.PNG', 'c.JpEg', 'd.bmp', 'e.gif', 'f.tif', 'g.TIFF', 'h.webp']);
  });

  it('descends into non-hidden sub-folders when recursive', () => {
    const files = listImageFiles(dir, { recursive: true }).map((f) => path.relative(dir, f));
    expect(files).toContain(path.join('sub', 'deep.png'));
    expect(files).not.toContain(path.join('.cache', 'skip.png'));
    expect(files).toHaveLength(9);
  });

  it('names a missing folder', () => {
    const missing = path.join(dir, 'missing');
    expect(() => listImageFiles(missing)).toThrow(UserError);
    expect(() => listImageFiles(missing)).toThrow(missing);
  });
});

it('fileStem drops the folder and the extension', () => {
  expect(fileStem(path.join('a', 'b', '007.test.png'))).toBe('007.test');
});
