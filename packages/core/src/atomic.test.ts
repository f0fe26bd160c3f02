import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeStaleTemps, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic';
import { UserError } from './errors';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'az-atomic-'));
}

describe('writeFileAtomic', () => {
  it('creates missing parent folders and leaves no temp file behind', () => {
    const dir = tempDir();
    const target = path.join(dir, 'a', 'b', 'out.txt');
    writeFileAtomic(target, 'hello');
    expect(fs.readFileSync(target, 'utf8')).toBe('hello');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['out.txt']);
  });

  it('replaces existing content whole, for strings and bytes', () => {
    const target = path.join(tempDir(), 'out.bin');
    writeFileAtomic(target, 'old content that is longer');
    writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    expect(Array.from(fs.readFileSync(target))).toEqual([1, 2, 3]);
  });

  it('flushes to the disk before the rename unless told the file is not worth it (durable: false)', () => {
    const dir = tempDir();
    // The fs module itself (a namespace import's properties cannot be redefined); atomic.ts reads through to it.
    const fsync = jest.spyOn(jest.requireActual<typeof fs>('fs'), 'fsyncSync');
    try {
      writeFileAtomic(path.join(dir, 'durable.bin'), new Uint8Array([1, 2]));
      expect(fsync).toHaveBeenCalledTimes(1);
      writeFileAtomic(path.join(dir, 'cache.bin'), new Uint8Array([3, 4, 5]), { durable: false });
      expect(fsync).toHaveBeenCalledTimes(1);
    } finally {
      fsync.mockRestore();
    }
    expect(Array.from(fs.readFileSync(path.join(dir, 'cache.bin')))).toEqual([3, 4, 5]);
    expect(fs.readdirSync(dir).sort()).toEqual(['cache.bin', 'durable.bin']);
  });

  it('keeps the old file and removes its temp file when the rename fails', () => {
    const dir = tempDir();
    const target = path.join(dir, 'taken');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true }); // a non-empty directory cannot be renamed over
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });
});

describe('writeJsonAtomic', () => {
  it('writes pretty JSON ending in a newline that parses back', () => {
    const target = path.join(tempDir(), 'm.json');
    writeJsonAtomic(target, { auroc: 0.5, list: [1, 2] });
    const text = fs.readFileSync(target, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ auroc: 0.5, list: [1, 2] });
  });
});

describe('writeDirAtomic', () => {
  it('swaps a filled directory into place, replacing the old one', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'model');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'stale.txt'), 'stale');
    await writeDirAtomic(target, async (temp) => {
      fs.writeFileSync(path.join(temp, 'weights.bin'), 'w');
    });
    expect(fs.readdirSync(target)).toEqual(['weights.bin']);
    expect(fs.readdirSync(dir)).toEqual(['model']);
  });

  it('leaves the previous directory untouched when filling fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'model');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'good.txt'), 'good');
    await expect(writeDirAtomic(target, async (temp) => {
      fs.writeFileSync(path.join(temp, 'half.txt'), 'half');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(fs.readdirSync(target)).toEqual(['good.txt']);
    expect(fs.readdirSync(dir)).toEqual(['model']);
  });
});

describe('writeDirAtomic errors', () => {
  it('name the final folder, not the removed temporary one', async () => {
    const target = path.join(tempDir(), 'model');
    const failing = writeDirAtomic(target, async (temp) => {
      throw new UserError(`${path.join(temp, 'weights.bin')}: cannot write: no space left on device (ENOSPC)`);
    });
    await expect(failing).rejects.toThrow(`${path.join(target, 'weights.bin')}: cannot write: no space left on device (ENOSPC)`);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });
});

describe('removeStaleTemps', () => {
  it('removes the temp files and folders interrupted writes leave, and nothing else', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'metrics.json'), '{}');
    fs.writeFileSync(path.join(dir, '.metrics.json.4242.3.tmp'), '{"half');
    fs.mkdirSync(path.join(dir, '.checkpoint.4242.7.tmp'));
    fs.writeFileSync(path.join(dir, '.hidden-but-mine'), 'x');
    expect(removeStaleTemps(dir).sort()).toEqual(['.checkpoint.4242.7.tmp', '.metrics.json.4242.3.tmp']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.hidden-but-mine', 'metrics.json']);
    expect(removeStaleTemps(path.join(dir, 'missing'))).toEqual([]);
  });

  it('also cleans sub-folders (a kill while writing plots/ or visualisations/), without following links', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'plots'));
    fs.writeFileSync(path.join(dir, 'plots', 'roc.svg'), '<svg></svg>');
    fs.writeFileSync(path.join(dir, 'plots', '.roc.png.4242.9.tmp'), 'half');
    const elsewhere = tempDir();
    fs.writeFileSync(path.join(elsewhere, '.not.mine.1.1.tmp'), 'x');
    fs.symlinkSync(elsewhere, path.join(dir, 'link'));
    expect(removeStaleTemps(dir)).toEqual([path.join('plots', '.roc.png.4242.9.tmp')]);
    expect(fs.readdirSync(path.join(dir, 'plots'))).toEqual(['roc.svg']);
    expect(fs.readdirSync(elsewhere)).toEqual(['.not.mine.1.1.tmp']);
  });
});
