import * as tf from '@tensorflow/tfjs';
import { gaussianBlur } from '../gaussian-blur';
import { splitPerImage } from '../reconstruction';

/** Patch scores [n, grid²] → anomaly maps [n, height, width]: bilinear upsampling, then Gaussian smoothing (σ in pixels). */
export function anomalyMaps(distances: tf.Tensor2D, grid: number, height: number, width: number, sigma: number): tf.Tensor3D {
  return tf.tidy(() => {
    const n = distances.shape[0];
    const coarse = tf.reshape(distances, [n, grid, grid, 1]) as tf.Tensor4D;
    const fine = tf.image.resizeBilinear(coarse, [height, width], false, true);
    const smooth = sigma > 0 ? gaussianBlur(fine, sigma) : fine;
    return tf.reshape(smooth, [n, height, width]) as tf.Tensor3D;
  });
}

/** How a map becomes its image's score: its maximum, or the mean of its `topK` largest pixels. */
export const MAP_SCORES = ['max', 'top_k_mean'] as const;
export type MapScore = (typeof MAP_SCORES)[number];

/** One score per map (see MAP_SCORES). */
export function mapScores(maps: tf.Tensor3D, mode: MapScore, topK: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, h, w] = maps.shape;
    const flat = tf.reshape(maps, [n, h * w]);
    if (mode === 'max') return tf.max(flat, 1) as tf.Tensor1D;
    return tf.mean(tf.topk(flat, Math.min(topK, h * w)).values, 1) as tf.Tensor1D;
  });
}

/** Maps [n, h, w] → one row-major Float32Array per image (what ScoreResult.maps holds). */
export async function mapsToArrays(maps: tf.Tensor3D): Promise<Float32Array[]> {
  return splitPerImage((await maps.data()) as Float32Array, maps.shape[0]);
}
