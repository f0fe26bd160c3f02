import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';

/**
 * At most `maxRows` rows of x, drawn without replacement by a seeded shuffle and kept in their
 * original order. Always a new tensor (a copy when nothing is dropped).
 */
export function subsampleRows(x: tf.Tensor2D, maxRows: number, seed: number): tf.Tensor2D {
  const rows = x.shape[0];
  if (rows <= maxRows) return x.clone();
  const all = Array.from({ length: rows }, (_, i) => i);
  const kept = createRng(seed)
    .shuffled(all)
    .slice(0, maxRows)
    .sort((a, b) => a - b);
  return tf.tidy(() => tf.gather(x, tf.tensor1d(kept, 'int32')));
}
