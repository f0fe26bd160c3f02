import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readFloat32File, writeFloat32Atomic } from './float-files';
import { readSavedStateJson } from './saved-json';

describe('saved model state files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back float32 arrays written back to back, and names the file when the size is wrong', () => {
    const file = path.join(dir, 'x.bin');
    writeFloat32Atomic(file, [Float32Array.from([1.5, -2]), Float32Array.from([3]).subarray(0, 1)]);
    expect(Array.from(readFloat32File(file, 3, 'three values'))).toEqual([1.5, -2, 3]);
    expect(() => readFloat32File(file, 4, 'four values')).toThrow(`${file}: 12 bytes, expected 16 for four values`);
    expect(() => readFloat32File(path.join(dir, 'none.bin'), 1, 'one')).toThrow(/none\.bin: missing/);
  });

  it('checks the kind and version of a saved state', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, JSON.stringify({ kind: 'a', version: 1, n: 3 }));
    expect(readSavedStateJson<{ kind: 'a'; version: 1; n: number }>(file, 'a', 1, 'A').n).toBe(3);
    expect(() => readSavedStateJson(file, 'b', 1, 'B')).toThrow(`${file}: expected kind 'b' version 1`);
    fs.writeFileSync(file, '{');
    expect(() => readSavedStateJson(file, 'a', 1, 'A')).toThrow(/not valid JSON/);
    expect(() => readSavedStateJson(path.join(dir, 'none.json'), 'a', 1, 'A')).toThrow(/not a saved A model/);
  });
});
