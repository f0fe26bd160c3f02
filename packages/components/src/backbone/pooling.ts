import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';

/**
 * One feature row per image: each output global-average-pooled over H and W when it is a map ([N,H,W,C];
 * [N,1,1,C] just reshaped), kept when already [N,C], then all joined along the FEATURE axis → [N, ΣC].
 */
export function poolAndConcat(outputs: readonly tf.Tensor[], names: readonly string[]): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = outputs.map((t, i) => {
      if (t.rank === 2) return t as tf.Tensor2D;
      if (t.rank === 4) {
        const [n, h, w, c] = t.shape;
        return h === 1 && w === 1 ? tf.reshape(t, [n, c]) : tf.mean(t, [1, 2]);
      }
      throw new UserError(`backbone.layers: '${names[i]}' gives a rank-${t.rank} output [${t.shape}]; expected [N,H,W,C] or [N,C]`);
    });
    return (rows.length === 1 ? tf.clone(rows[0]) : tf.concat(rows, 1)) as tf.Tensor2D;
  });
}

/** Checks each output is an [N,H,W,C] map, for spatial(). */
export function asMaps(outputs: tf.Tensor[], names: readonly string[]): tf.Tensor4D[] {
  outputs.forEach((t, i) => {
    if (t.rank !== 4) {
      throw new UserError(`backbone.layers: '${names[i]}' gives a rank-${t.rank} output [${t.shape}], not a spatial map [N,H,W,C]`);
    }
  });
  return outputs as tf.Tensor4D[];
}
