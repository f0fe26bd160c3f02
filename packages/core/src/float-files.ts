import * as os from 'os';
import { writeFileAtomic } from './atomic';

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
