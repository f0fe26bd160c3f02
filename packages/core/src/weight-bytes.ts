import type * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** The bytes the weight specs describe, one after another (what the shards must hold together). */
export function weightBytes(specs: readonly tf.io.WeightsManifestEntry[], manifest: string): number {
  let total = 0;
  for (const spec of specs) {
    const shape = spec?.shape;
    if (typeof spec?.name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new UserError(`${manifest}: weight spec ${JSON.stringify(spec?.name ?? null)}: needs a name and a shape of non-negative integers`);
    }
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = DTYPE_BYTES[dtype];
    if (bytes === undefined) throw new UserError(`${manifest}: weight spec '${spec.name}': unsupported dtype ${JSON.stringify(dtype)}`);
    total += shape.reduce((a, b) => a * b, 1) * bytes;
    if (!Number.isSafeInteger(total)) throw new UserError(`${manifest}: weight spec '${spec.name}': absurd size`);
  }
  return total;
}
