import * as tf from '@tensorflow/tfjs';

/**
 * Greedy k-center coreset (Sener & Savarese 2018; PatchCore Alg. 1): starting from `start`, repeatedly add the
 * point farthest from everything selected so far, i.e. argmax_i min_{c ∈ C} ‖x_i − c‖. The selection covers the
 * point set with the smallest radius this greedy order can reach (a 2-approximation of the optimal k-center).
 *
 * Squared distances to the newest centre c come from one matrix–vector product, ‖x‖² + ‖c‖² − 2x·c (clamped at 0
 * against round-off), and are folded into the running minimum: O(n·d) per step, O(n·d·count) in all, memory O(n).
 * Returns the selected row indices in selection order; ties go to the lowest index (argMax's rule).
 */
export function greedyCoreset(points: tf.Tensor2D, count: number, start: number): number[] {
  const [n] = points.shape;
  if (!(Number.isInteger(count) && count >= 1 && count <= n)) throw new Error(`greedyCoreset: count must be in [1, ${n}], got ${count}`);
  if (!(Number.isInteger(start) && start >= 0 && start < n)) throw new Error(`greedyCoreset: start must be in [0, ${n}), got ${start}`);
  const norms = tf.tidy(() => tf.sum(tf.square(points), 1, true) as tf.Tensor2D);
  let nearest: tf.Tensor2D | undefined;
  const selected: number[] = [];
  try {
    let next = start;
    for (;;) {
      selected.push(next);
      if (selected.length === count) break;
      const centre = next;
      const updated: tf.Tensor2D = tf.tidy(() => {
        const c = tf.slice(points, [centre, 0], [1, -1]);
        const squared = tf.relu(tf.sub(tf.add(norms, tf.sum(tf.square(c))), tf.mul(2, tf.matMul(points, c, false, true)))) as tf.Tensor2D;
        return nearest ? tf.minimum(nearest, squared) : squared;
      });
      nearest?.dispose();
      nearest = updated;
      const farthest = tf.tidy(() => tf.argMax(tf.reshape(updated, [n])));
      next = (farthest.dataSync() as Int32Array)[0] as number;
      farthest.dispose();
    }
  } finally {
    norms.dispose();
    nearest?.dispose();
  }
  return selected;
}
