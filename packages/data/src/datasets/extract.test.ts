import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { archiveKindOf, extractArchive } from './extract';

let work: string;
const tree = (): string => path.join(work, 'tree');
beforeAll(() => {
  work = makeTempDir();
  touch(path.join(tree(), 'cell_images', 'Uninfected', 'C1P1_a.png'), 'u');
  touch(path.join(tree(), 'cell_images', 'Parasitized', 'C2P2_b.png'), 'p');
});
afterAll(() => removeDir(work));

const read = (dir: string): string[] => [
  fs.readFileSync(path.join(dir, 'cell_images', 'Uninfected', 'C1P1_a.png'), 'utf8'),
  fs.readFileSync(path.join(dir, 'cell_images', 'Parasitized', 'C2P2_b.png'), 'utf8'),
];

describe('extractArchive', () => {
  it('unpacks tar, tar.gz, tar.xz and zip into the destination and leaves no staging folder', async () => {
    const archives = path.join(work, 'archives');
    fs.mkdirSync(archives);
    await tar.c({ gzip: true, file: path.join(archives, 'set.tar.gz'), cwd: tree() }, ['cell_images']);
    await tar.c({ file: path.join(archives, 'set.tar'), cwd: tree() }, ['cell_images']);
    execFileSync('tar', ['-cJf', path.join(archives, 'set.tar.xz'), '-C', tree(), 'cell_images']);
    execFileSync('python3', ['-c', `import shutil; shutil.make_archive(${JSON.stringify(path.join(archives, 'set'))}, 'zip', ${JSON.stringify(tree())}, 'cell_images')`]);
    for (const name of ['set.tar', 'set.tar.gz', 'set.tar.xz', 'set.zip']) {
      const dest = path.join(work, `out-${name}`);
      expect(await extractArchive(path.join(archives, name), dest)).toEqual(['cell_images']);
      expect(read(dest)).toEqual(['u', 'p']);
      expect(fs.readdirSync(dest)).toEqual(['cell_images']);
    }
  });

  it('refuses to overwrite an existing folder unless asked', async () => {
    const archive = path.join(work, 'archives', 'set.tar.gz');
    const dest = path.join(work, 'out-set.tar.gz');
    await expect(extractArchive(archive, dest)).rejects.toThrow(`${path.join(dest, 'cell_images')}: already exists`);
    fs.writeFileSync(path.join(dest, 'cell_images', 'Uninfected', 'C1P1_a.png'), 'changed');
    await extractArchive(archive, dest, { replace: true });
    expect(read(dest)).toEqual(['u', 'p']);
  });

  it('names a corrupt or unknown archive', async () => {
    const bad = touch(path.join(work, 'bad.tar.xz'), 'not xz at all');
    await expect(extractArchive(bad, path.join(work, 'bad-out'))).rejects.toThrow(UserError);
    await expect(extractArchive(bad, path.join(work, 'bad-out'))).rejects.toThrow(`${bad}: cannot extract`);
    expect(fs.readdirSync(path.join(work, 'bad-out'))).toEqual([]);
    expect(archiveKindOf('a.rar')).toBeUndefined();
    await expect(extractArchive(path.join(work, 'a.rar'), work)).rejects.toThrow(/unknown archive type/);
  });

  it('refuses a .tar.xz whose top-level entry is a link to an absolute path, like the .tar.gz path does', async () => {
    const src = path.join(work, 'abs-link-src');
    fs.mkdirSync(src);
    fs.symlinkSync('/etc', path.join(src, 'etc-link'));
    const archive = path.join(work, 'abs-link.tar.xz');
    execFileSync('tar', ['-cJf', archive, '-C', src, 'etc-link']);
    const dest = path.join(work, 'abs-link-out');
    await expect(extractArchive(archive, dest)).rejects.toThrow(`${archive}: entry 'etc-link' is a symbolic link to '/etc', outside the archive; refused`);
    expect(fs.readdirSync(dest)).toEqual([]);
  });

  it('a zip with a file and then a folder of the same name is one error, and the staging folder is removed', async () => {
    const archive = path.join(work, 'clash.zip');
    execFileSync('python3', ['-c', `import zipfile
z = zipfile.ZipFile(${JSON.stringify(archive)}, 'w')
z.writestr('data', 'a file')
z.writestr('data/', '')
z.writestr('data/x.png', 'inside')
z.close()`]);
    const dest = path.join(work, 'clash-out');
    await expect(extractArchive(archive, dest)).rejects.toThrow(new RegExp(`${archive.replace(/[.]/g, '\\.')}: cannot extract \\(EEXIST`));
    expect(fs.readdirSync(dest)).toEqual([]);
  });
});
