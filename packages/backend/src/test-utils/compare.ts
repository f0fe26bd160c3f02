import * as tf from '@tensorflow/tfjs';

/** Deterministic values in [-0.5, 0.5). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function randomArray(size: number, seed: number): Float32Array {
  const next = seeded(seed);
  return Float32Array.from({ length: size }, next);
}

export const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** max|a-b| / max|b| */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `make` on one backend inside a tidy and returns the values and shape of its result. */
export async function runOn(backend: string, make: () => tf.Tensor): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const out = tf.tidy(make);
  const values = out.dataSync() as Float32Array;
  const shape = out.shape;
  out.dispose();
  return { values, shape };
}
