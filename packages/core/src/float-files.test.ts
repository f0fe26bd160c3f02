import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFloat32Atomic } from './float-files';
import { directorySource } from './model-files';
import { readSavedState, readSourceFloat32 } from './model-source';

describe('saved model state files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back float32 arrays written back to back, and names the file when the size is wrong', async () => {
    const file = path.join(dir, 'x.bin');
    writeFloat32Atomic(file, [Float32Array.from([1.5, -2]), Float32Array.from([3]).subarray(0, 1)]);
    const source = directorySource(dir);
    expect(Array.from(await readSourceFloat32(source, 'x.bin', 3, 'three values'))).toEqual([1.5, -2, 3]);
    await expect(readSourceFloat32(source, 'x.bin', 4, 'four values')).rejects.toThrow(`${file}: 12 bytes, expected 16 for four values`);
    await expect(readSourceFloat32(source, 'none.bin', 1, 'one')).rejects.toThrow(/none\.bin: missing/);
  });

  it('checks the kind and version of a saved state', async () => {
    const file = path.join(dir, 'state.json');
    const source = directorySource(dir);
    fs.writeFileSync(file, JSON.stringify({ kind: 'a', version: 1, n: 3 }));
    expect((await readSavedState<{ kind: 'a'; version: 1; n: number }>(source, 'state.json', 'a', 1, 'A')).n).toBe(3);
    await expect(readSavedState(source, 'state.json', 'b', 1, 'B')).rejects.toThrow(`${file}: expected kind 'b' version 1`);
    expect((await readSavedState<{ kind: 'a'; version: 1 | 2; n: number }>(source, 'state.json', 'a', [1, 2], 'A')).n).toBe(3);
    await expect(readSavedState(source, 'state.json', 'a', [2, 3], 'A')).rejects.toThrow(`${file}: expected kind 'a' version 2 or 3`);
    fs.writeFileSync(file, '{');
    await expect(readSavedState(source, 'state.json', 'a', 1, 'A')).rejects.toThrow(/not valid JSON/);
    await expect(readSavedState(source, 'none.json', 'a', 1, 'A')).rejects.toThrow(/not a saved A model/);
  });
});
