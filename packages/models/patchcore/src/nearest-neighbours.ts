import * as tf from '@tensorflow/tfjs';

export interface Neighbours {
  /** Euclidean distances [m, k], ascending along each row. */
  distances: tf.Tensor2D;
  /** Bank row indices [m, k], int32, matching `distances`. */
  indices: tf.Tensor2D;
}

/**
 * The k nearest bank rows of every query row, by Euclidean distance. Queries and bank are both taken `chunk`
 * rows at a time, so no more than chunk × chunk squared distances (‖q‖² + ‖b‖² − 2q·b, clamped at 0) exist at
 * once, whatever the sizes: each bank chunk's k best are merged into a running k best per query.
 */
export function nearestNeighbours(queries: tf.Tensor2D, bank: tf.Tensor2D, k: number, chunk: number): Neighbours {
  const [m, d] = queries.shape;
  const [b, bankDims] = bank.shape;
  if (bankDims !== d) throw new Error(`nearestNeighbours: queries have ${d} dimensions, the bank ${bankDims}`);
  if (!(Number.isInteger(k) && k >= 1 && k <= b)) throw new Error(`nearestNeighbours: k must be in [1, ${b}], got ${k}`);
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`nearestNeighbours: chunk must be a positive integer, got ${chunk}`);
  // Bank chunks are kept transposed, [d, size]: tfjs-wasm multiplies by a transposed operand about 10× slower.
  const bankChunks: { columns: tf.Tensor2D; norms: tf.Tensor2D; offset: number }[] = [];
  for (let offset = 0; offset < b; offset += chunk) {
    const size = Math.min(chunk, b - offset);
    bankChunks.push(tf.tidy(() => {
      const rows = tf.slice(bank, [offset, 0], [size, d]);
      return { columns: tf.transpose(rows), norms: tf.reshape(tf.sum(tf.square(rows), 1), [1, size]), offset };
    }));
  }
  const distanceParts: tf.Tensor2D[] = [];
  const indexParts: tf.Tensor2D[] = [];
  try {
    for (let start = 0; start < m; start += chunk) {
      const q = tf.slice(queries, [start, 0], [Math.min(chunk, m - start), d]);
      const qNorms = tf.tidy(() => tf.sum(tf.square(q), 1, true));
      let best: Candidates | undefined;
      try {
        for (const part of bankChunks) {
          // One block of squared distances at a time: each is released before the next bank chunk is measured.
          const [nextSquared, nextIndices] = tf.tidy(() => {
            const squared = tf.relu(tf.sub(tf.add(qNorms, part.norms), tf.mul(2, tf.matMul(q, part.columns)))) as tf.Tensor2D;
            const here = smallest(squared, Math.min(k, part.columns.shape[1]), part.offset);
            const merged = best ? merge(best, here, k) : here;
            return [merged.squared, merged.indices];
          });
          const next: Candidates = { squared: nextSquared, indices: nextIndices };
          if (best) tf.dispose([best.squared, best.indices]);
          best = next;
        }
        const found = best as Candidates;
        distanceParts.push(tf.sqrt(found.squared));
        indexParts.push(found.indices);
        found.squared.dispose();
        best = undefined;
      } finally {
        if (best) tf.dispose([best.squared, best.indices]);
        tf.dispose([q, qNorms]);
      }
    }
    return {
      distances: distanceParts.length === 1 ? (distanceParts[0] as tf.Tensor2D) : tf.concat(distanceParts, 0),
      indices: indexParts.length === 1 ? (indexParts[0] as tf.Tensor2D) : tf.concat(indexParts, 0),
    };
  } finally {
    if (distanceParts.length > 1) distanceParts.forEach((t) => t.dispose());
    if (indexParts.length > 1) indexParts.forEach((t) => t.dispose());
    bankChunks.forEach((c) => {
      c.columns.dispose();
      c.norms.dispose();
    });
  }
}

/** Squared distances [m, k] ascending with their bank indices [m, k] (int32). */
interface Candidates {
  squared: tf.Tensor2D;
  indices: tf.Tensor2D;
}

/** The k smallest entries of each row of `squared`, indices shifted by `offset`; k = 1 by min/argMin (cheaper than topk). */
function smallest(squared: tf.Tensor2D, k: number, offset: number): Candidates {
  if (k === 1) {
    return {
      squared: tf.min(squared, 1, true) as tf.Tensor2D,
      indices: tf.add(tf.expandDims(tf.argMin(squared, 1), 1), tf.scalar(offset, 'int32')) as tf.Tensor2D,
    };
  }
  const top = tf.topk(tf.neg(squared), k);
  return { squared: tf.neg(top.values) as tf.Tensor2D, indices: tf.add(top.indices, tf.scalar(offset, 'int32')) as tf.Tensor2D };
}

/** The k best of two candidate sets per row (`earlier` wins ties for k = 1). */
function merge(earlier: Candidates, later: Candidates, k: number): Candidates {
  if (k === 1) {
    const takeLater = tf.less(later.squared, earlier.squared);
    return { squared: tf.where(takeLater, later.squared, earlier.squared), indices: tf.where(takeLater, later.indices, earlier.indices) };
  }
  const squared = tf.concat([earlier.squared, later.squared], 1);
  const indices = tf.concat([earlier.indices, later.indices], 1);
  const top = tf.topk(tf.neg(squared), Math.min(k, squared.shape[1]));
  return { squared: tf.neg(top.values) as tf.Tensor2D, indices: gatherEachRow(indices, top.indices as tf.Tensor2D) };
}

/** out[i, j] = values[i, positions[i, j]], through the flattened values (gather with batch dims is not on every backend). */
function gatherEachRow(values: tf.Tensor2D, positions: tf.Tensor2D): tf.Tensor2D {
  const [rows, width] = values.shape;
  const flat = tf.add(positions, tf.mul(tf.expandDims(tf.range(0, rows, 1, 'int32'), 1), tf.scalar(width, 'int32')));
  const flatValues: tf.Tensor = tf.reshape(values, [rows * width]);
  return tf.gather(flatValues, flat) as tf.Tensor2D;
}
