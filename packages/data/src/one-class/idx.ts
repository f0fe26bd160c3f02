import * as fs from 'fs';
import * as zlib from 'zlib';
import { UserError } from '@anomaly-zoo/core';

/** An IDX array of unsigned bytes (the MNIST file format): its dimensions and values, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Bytes of a file, gunzipped when they start with the gzip magic number (whatever the file is called). */
export function readMaybeGzipped(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return zlib.gunzipSync(bytes);
    } catch (error) {
      throw new UserError(`${file}: corrupt gzip data (${(error as Error).message})`);
    }
  }
  return bytes;
}

/**
 * Parses IDX: two zero bytes, a type byte (only 0x08, unsigned byte, is used by MNIST-style sets),
 * the number of dimensions, each dimension as a big-endian uint32, then the values.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new UserError(`${file}: not an IDX file (bad magic number)`);
  if (bytes[2] !== UNSIGNED_BYTE) throw new UserError(`${file}: IDX value type 0x${bytes[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const rank = bytes[3]!;
  const headerLength = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerLength) throw new UserError(`${file}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - headerLength !== count) {
    throw new UserError(`${file}: IDX header declares ${dims.join('×')} = ${count} values but the file holds ${bytes.length - headerLength}`);
  }
  return { dims, data: bytes.subarray(headerLength, headerLength + count) };
}

export function readIdx(file: string): IdxArray {
  return parseIdx(readMaybeGzipped(file), file);
}

/** Writes an unsigned-byte IDX array (tests, and converting other sources). */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = UNSIGNED_BYTE;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}
