import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';
import { greedyCoreset } from './coreset';
import { gaussianProjection } from './random-projection';

export interface BankOptions {
  ratio: number;
  maxSize: number;
  /** Dimensions the greedy selection measures distances in (seeded JL projection); 0 or ≥ the row dims: none. */
  projectionDims: number;
  seed: number;
}

/** Bank size for `patches` training patches: ⌈ratio·patches⌉, at least 1, at most maxSize. */
export function bankSize(patches: number, ratio: number, maxSize: number): number {
  return Math.max(1, Math.min(maxSize, patches, Math.ceil(ratio * patches)));
}

/**
 * The memory bank: a greedy k-center coreset of all training patch rows, which arrive in pieces (one per batch) so
 * that they are never concatenated at full width. The selection runs on a seeded JL sketch of the rows; the start
 * point is drawn from the same seed. Returns the selected rows [size, d] (in the order of their training index).
 */
export function selectBank(pieces: readonly tf.Tensor2D[], options: BankOptions): tf.Tensor2D {
  const total = pieces.reduce((sum, p) => sum + p.shape[0], 0);
  const size = bankSize(total, options.ratio, options.maxSize);
  if (size === total) return tf.concat(pieces as tf.Tensor2D[], 0);
  const rng = createRng(options.seed);
  const dims = (pieces[0] as tf.Tensor2D).shape[1];
  const sketchDims = options.projectionDims > 0 && options.projectionDims < dims ? options.projectionDims : 0;
  const projection = sketchDims ? tf.tensor2d(gaussianProjection(dims, sketchDims, rng.seed()), [dims, sketchDims]) : undefined;
  const sketch = new Float32Array(total * (sketchDims || dims));
  let offset = 0;
  for (const piece of pieces) {
    const rows = projection ? tf.matMul(piece, projection) : piece;
    sketch.set(rows.dataSync() as Float32Array, offset);
    offset += rows.size;
    if (rows !== piece) rows.dispose();
  }
  projection?.dispose();
  return gatherRows(pieces, greedyCoreset(sketch, sketchDims || dims, size, rng.int(total)));
}

/** Rows at global `indices` of the row-wise concatenation of `pieces`, in ascending index order. */
export function gatherRows(pieces: readonly tf.Tensor2D[], indices: readonly number[]): tf.Tensor2D {
  const sorted = [...indices].sort((a, b) => a - b);
  return tf.tidy(() => {
    const parts: tf.Tensor2D[] = [];
    let offset = 0;
    let at = 0;
    for (const piece of pieces) {
      const end = offset + piece.shape[0];
      const local: number[] = [];
      while (at < sorted.length && (sorted[at] as number) < end) local.push((sorted[at++] as number) - offset);
      if (local.length) parts.push(tf.gather(piece, local) as tf.Tensor2D);
      offset = end;
    }
    return tf.concat(parts, 0) as tf.Tensor2D;
  });
}
