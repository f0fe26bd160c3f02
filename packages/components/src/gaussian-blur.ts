import * as tf from '@tensorflow/tfjs';

/** Normalised 1-D Gaussian weights, `radius` taps either side of the centre (default ⌈3σ⌉). */
export function gaussianKernel1d(sigma: number, radius = Math.max(1, Math.ceil(3 * sigma))): Float32Array {
  if (!(sigma > 0)) throw new Error(`gaussianKernel1d: sigma must be > 0, got ${sigma}`);
  const weights = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    weights[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / sum;
  return weights;
}

/**
 * Separable Gaussian smoothing of every channel of an NHWC batch, with edge-replicating borders
 * so that the image border does not darken. σ ≤ 0 returns a copy.
 */
export function gaussianBlur(x: tf.Tensor4D, sigma: number, radius?: number): tf.Tensor4D {
  if (sigma <= 0) return x.clone();
  return tf.tidy(() => {
    const weights = gaussianKernel1d(sigma, radius);
    const pad = (weights.length - 1) / 2;
    const channels = x.shape[3];
    const horizontal = tf.tile(tf.tensor4d(weights, [1, weights.length, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const vertical = tf.tile(tf.tensor4d(weights, [weights.length, 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const padded = replicatePad(x, pad);
    const blurredRows = tf.depthwiseConv2d(padded, horizontal, 1, 'valid');
    return tf.depthwiseConv2d(blurredRows, vertical, 1, 'valid');
  });
}

/** Pads H and W by `radius` on each side, repeating the edge pixels. */
function replicatePad(x: tf.Tensor4D, radius: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const top = tf.tile(tf.slice(x, [0, 0, 0, 0], [n, 1, w, c]), [1, radius, 1, 1]);
  const bottom = tf.tile(tf.slice(x, [0, h - 1, 0, 0], [n, 1, w, c]), [1, radius, 1, 1]);
  const tall = tf.concat([top, x, bottom], 1);
  const left = tf.tile(tf.slice(tall, [0, 0, 0, 0], [n, h + 2 * radius, 1, c]), [1, 1, radius, 1]);
  const right = tf.tile(tf.slice(tall, [0, 0, w - 1, 0], [n, h + 2 * radius, 1, c]), [1, 1, radius, 1]);
  return tf.concat([left, tall, right], 2) as tf.Tensor4D;
}
