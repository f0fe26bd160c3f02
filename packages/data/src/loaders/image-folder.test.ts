import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { loadImageFolder, UNLABELLED } from './image-folder';

let root: string;
const extensions = ['jpg', 'JPEG', 'png', 'Gif', 'BMP', 'tif', 'tiff', 'webp'];
beforeAll(() => {
  root = makeTempDir();
  extensions.forEach((ext, i) => touch(path.join(root, 'photos', `img${i}.${ext}`)));
  touch(path.join(root, 'photos', 'readme.md'));
  touch(path.join(root, 'photos', '.hidden.png'));
  touch(path.join(root, 'photos', 'sub', 'deep.png'));
  touch(path.join(root, 'photos', 'sub', 'more', 'deeper.jpg'));
  for (let i = 0; i < 50; i++) touch(path.join(root, 'many', `${String(i).padStart(2, '0')}.png`));
});
afterAll(() => removeDir(root));

describe('loadImageFolder', () => {
  it('lists the image extensions in any case, skipping other and hidden files', () => {
    const { all } = loadImageFolder({ dir: path.join(root, 'photos'), seed: 1 });
    expect(all.map((r) => path.basename(r.path))).toEqual(extensions.map((ext, i) => `img${i}.${ext}`));
    expect(all.every((r) => r.label === 0 && r.defectType === UNLABELLED)).toBe(true);
  });

  it('descends into sub-folders only when recursive', () => {
    const { all } = loadImageFolder({ dir: path.join(root, 'photos'), seed: 1, recursive: true });
    expect(all.map((r) => path.relative(path.join(root, 'photos'), r.path))).toEqual(
      expect.arrayContaining([path.join('sub', 'deep.png'), path.join('sub', 'more', 'deeper.jpg')]),
    );
    expect(all).toHaveLength(extensions.length + 2);
  });

  it('holds out a seeded 20% that is disjoint from training', () => {
    const a = loadImageFolder({ dir: path.join(root, 'many'), seed: 7 });
    expect(a.train).toHaveLength(40);
    expect(a.heldOut).toHaveLength(10);
    expect(new Set([...a.train, ...a.heldOut].map((r) => r.path)).size).toBe(50);
    expect(loadImageFolder({ dir: path.join(root, 'many'), seed: 7 })).toEqual(a);
    expect(loadImageFolder({ dir: path.join(root, 'many'), seed: 8 }).heldOut).not.toEqual(a.heldOut);
    expect(loadImageFolder({ dir: path.join(root, 'many'), seed: 7, holdoutFraction: 0.5 }).heldOut).toHaveLength(25);
  });

  it('names a missing or nearly empty folder', () => {
    expect(() => loadImageFolder({ dir: path.join(root, 'none'), seed: 1 })).toThrow(UserError);
    expect(() => loadImageFolder({ dir: path.join(root, 'photos', 'sub', 'more'), seed: 1 })).toThrow(/more: needs at least 2 images \(found 1\)/);
  });
});
