import * as fs from 'fs';
import * as os from 'os';
import { writeFileAtomic } from './atomic';
import { UserError } from './errors';

/** Writes the arrays back to back as float32 little-endian, atomically (saved model parameters). */
export function writeFloat32Atomic(file: string, arrays: readonly Float32Array[]): void {
  if (os.endianness() !== 'LE') throw new Error(`${file}: saving float32 parameters needs a little-endian host`);
  const bytes = new Uint8Array(arrays.reduce((sum, a) => sum + a.byteLength, 0));
  let offset = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  writeFileAtomic(file, bytes);
}

/** Reads a file written by writeFloat32Atomic, checking it holds exactly `expected` values (`what` says why). */
export function readFloat32File(file: string, expected: number, what: string): Float32Array {
  if (os.endianness() !== 'LE') throw new Error(`${file}: loading float32 parameters needs a little-endian host`);
  if (!fs.existsSync(file)) throw new UserError(`${file}: missing`);
  const raw = fs.readFileSync(file);
  if (raw.byteLength !== expected * 4) throw new UserError(`${file}: ${raw.byteLength} bytes, expected ${expected * 4} for ${what}`);
  const values = new Float32Array(expected);
  new Uint8Array(values.buffer).set(raw);
  return values;
}
