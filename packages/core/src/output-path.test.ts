import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from './atomic';
import { claimOutputDir, claimOutputFile, isRunOwnedDir, makeOutputDirs } from './output-path';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-output-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function runDir(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'model'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'seed: 1\n');
  fs.writeFileSync(path.join(dir, 'metrics.json'), '{}');
  fs.writeFileSync(path.join(dir, 'model', 'anomaly-zoo.json'), '{}');
  return dir;
}

describe('the output-path policy', () => {
  it('a new file is fine; an existing one needs force; a run\'s own file is refused even with force', () => {
    const run = runDir('run');
    expect(() => claimOutputFile(path.join(work, 'new.csv'), { force: false })).not.toThrow();
    fs.writeFileSync(path.join(work, 'old.csv'), 'x');
    expect(() => claimOutputFile(path.join(work, 'old.csv'), { force: false })).toThrow(`${path.join(work, 'old.csv')}: already exists; pass --force to replace it`);
    expect(() => claimOutputFile(path.join(work, 'old.csv'), { force: true })).not.toThrow();
    for (const own of [path.join(run, 'metrics.json'), path.join(run, 'model', 'anomaly-zoo.json')]) {
      expect(() => claimOutputFile(own, { force: true })).toThrow(/is one of a run's own files/);
    }
    // A new file beside a run's files is not an overwrite.
    expect(() => claimOutputFile(path.join(run, 'predictions.csv'), { force: false })).not.toThrow();
  });

  it('writeFileAtomic refuses a symbolic link and a folder at the target and leaves them as they were', () => {
    const target = path.join(work, 'target.txt');
    fs.writeFileSync(target, 'keep');
    const link = path.join(work, 'link.txt');
    fs.symlinkSync(target, link);
    expect(() => writeFileAtomic(link, 'new')).toThrow(`${link}: is a symbolic link; only regular files are written, so this path is refused`);
    expect([fs.lstatSync(link).isSymbolicLink(), fs.readFileSync(target, 'utf8')]).toEqual([true, 'keep']);
    fs.mkdirSync(path.join(work, 'a-dir'));
    expect(() => writeFileAtomic(path.join(work, 'a-dir'), 'x')).toThrow(/a-dir: is a directory; only regular files/);
  });

  it('output folders: a run directory, a file and (without force) a non-empty folder are refused', () => {
    const run = runDir('run2');
    expect(isRunOwnedDir(run)).toBe(true);
    expect(isRunOwnedDir(path.join(run, 'model'))).toBe(true);
    expect(() => claimOutputDir(run, { force: true })).toThrow(/is a run directory/);
    expect(() => claimOutputDir(path.join(work, 'old.csv'), { force: true })).toThrow(/old\.csv: is a file, not a folder/);
    const full = path.join(work, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'x'), '');
    expect(() => claimOutputDir(full, { force: false })).toThrow(/already holds files; pass --force/);
    expect(() => claimOutputDir(full, { force: true })).not.toThrow();
    expect(() => claimOutputDir(path.join(work, 'missing'), { force: false })).not.toThrow();
  });

  it('makeOutputDirs creates sub-folders but will not pass through a link or climb out', () => {
    const root = path.join(work, 'maps');
    expect(makeOutputDirs(root, 'a/b')).toBe(path.join(root, 'a', 'b'));
    expect(fs.statSync(path.join(root, 'a', 'b')).isDirectory()).toBe(true);
    fs.symlinkSync(work, path.join(root, 'up'));
    expect(() => makeOutputDirs(root, 'up/x')).toThrow(`${path.join(root, 'up')}: is a symbolic link, not a folder; refusing to write through it`);
    expect(() => makeOutputDirs(root, '../x')).toThrow(/leaves the output folder/);
  });
});
