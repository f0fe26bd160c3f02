import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';

/**
 * A float32 array in JSON: the raw IEEE-754 bytes, little-endian, base64-encoded. Exact (every bit
 * survives), about 5.3 characters per value, and independent of the host's byte order.
 */
export interface EncodedFloat32 {
  dtype: 'float32';
  shape: number[];
  base64: string;
}

export function encodeFloat32(values: ArrayLike<number>, shape: number[]): EncodedFloat32 {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`encodeFloat32: ${values.length} values do not fill shape [${shape}]`);
  const bytes = new Uint8Array(size * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < size; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { dtype: 'float32', shape: shape.slice(), base64: toBase64(bytes) };
}

export function decodeFloat32(encoded: EncodedFloat32, what: string): Float32Array {
  if (encoded === null || typeof encoded !== 'object' || encoded.dtype !== 'float32' || !Array.isArray(encoded.shape) || typeof encoded.base64 !== 'string') {
    throw new UserError(`${what}: expected an encoded float32 array ({dtype, shape, base64})`);
  }
  const size = encoded.shape.reduce((a, b) => a * b, 1);
  const bytes = fromBase64(encoded.base64, what);
  if (bytes.byteLength !== size * 4) throw new UserError(`${what}: ${bytes.byteLength} bytes do not fill shape [${encoded.shape}]`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

// btoa/atob rather than Buffer: saved densities load in browsers too (both exist in Node 16+ and every browser).
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new UserError(`${what}: the base64 field is not valid base64`);
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeTensor(t: tf.Tensor): EncodedFloat32 {
  return encodeFloat32(t.dataSync(), t.shape);
}

/** Decodes a tensor whose shape must match `expectedShape` (null: any size in that dimension). */
export function decodeTensor(encoded: EncodedFloat32, expectedShape: (number | null)[], what: string): tf.Tensor {
  const values = decodeFloat32(encoded, what);
  const matches = encoded.shape.length === expectedShape.length && expectedShape.every((size, i) => size === null || size === encoded.shape[i]);
  if (!matches) throw new UserError(`${what}: expected shape [${expectedShape.map((s) => s ?? '*')}], got [${encoded.shape}]`);
  return tf.tensor(values, encoded.shape, 'float32');
}

/** Checks the `kind` and `version` tags every serialised component carries. */
export function expectKind(json: unknown, kind: string, version: number): void {
  const tagged = json as { kind?: unknown; version?: unknown } | null;
  if (tagged === null || typeof tagged !== 'object' || tagged.kind !== kind) {
    throw new UserError(`expected a serialised ${kind}, got kind ${JSON.stringify(tagged?.kind)}`);
  }
  if (tagged.version !== version) throw new UserError(`${kind}: unsupported format version ${JSON.stringify(tagged.version)} (expected ${version})`);
}

/** A finite number from JSON, or a UserError naming the field. */
export function expectFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UserError(`${what}: expected a finite number, got ${JSON.stringify(value)}`);
  return value;
}

/** A plain object from JSON (the `options` of a serialised component), or a UserError naming the field. */
export function expectObject<T extends object>(value: T | undefined, what: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${what}: expected an object, got ${JSON.stringify(value)}`);
  return value;
}
