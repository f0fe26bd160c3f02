import * as tf from '@tensorflow/tfjs';
import { gaussianBlur } from './gaussian-blur';

export interface SsimOptions {
  /** Side of the Gaussian window in pixels (odd). */
  windowSize?: number;
  sigma?: number;
  /** Stabilisers of Wang et al. 2004: C1 = (k1·L)², C2 = (k2·L)². */
  k1?: number;
  k2?: number;
  /** L, the value range of the images. */
  dataRange?: number;
}

/**
 * Per-pixel structural similarity (Wang et al. 2004) of two NHWC batches with local statistics from a
 * Gaussian window; borders replicate edge pixels so the map keeps the input size. Differentiable, so
 * it serves as a training loss (1 − mean SSIM) and as an anomaly map (1 − SSIM map).
 */
export function ssimMap(x: tf.Tensor4D, y: tf.Tensor4D, options: SsimOptions = {}): tf.Tensor4D {
  const windowSize = options.windowSize ?? 11;
  if (windowSize < 3 || windowSize % 2 === 0) throw new Error(`ssim: windowSize must be odd and >= 3, got ${windowSize}`);
  const sigma = options.sigma ?? 1.5;
  const range = options.dataRange ?? 1;
  const c1 = ((options.k1 ?? 0.01) * range) ** 2;
  const c2 = ((options.k2 ?? 0.03) * range) ** 2;
  const radius = (windowSize - 1) / 2;
  return tf.tidy(() => {
    const blur = (t: tf.Tensor4D) => gaussianBlur(t, sigma, radius);
    const muX = blur(x);
    const muY = blur(y);
    const muXX = tf.mul(muX, muX);
    const muYY = tf.mul(muY, muY);
    const muXY = tf.mul(muX, muY);
    const varX = tf.sub(blur(tf.mul(x, x)), muXX);
    const varY = tf.sub(blur(tf.mul(y, y)), muYY);
    const covXY = tf.sub(blur(tf.mul(x, y)), muXY);
    const numerator = tf.mul(tf.add(tf.mul(2, muXY), c1), tf.add(tf.mul(2, covXY), c2));
    const denominator = tf.mul(tf.add(tf.add(muXX, muYY), c1), tf.add(tf.add(varX, varY), c2));
    return tf.div(numerator, denominator) as tf.Tensor4D;
  });
}

/** Mean SSIM per image, [N]. */
export function ssim(x: tf.Tensor4D, y: tf.Tensor4D, options?: SsimOptions): tf.Tensor1D {
  return tf.tidy(() => tf.mean(ssimMap(x, y, options), [1, 2, 3]) as tf.Tensor1D);
}
