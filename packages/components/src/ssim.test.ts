import * as tf from '@tensorflow/tfjs';
import { gaussianKernel1d } from './gaussian-blur';
import { ssim, ssimMap } from './ssim';

const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;

describe('ssim', () => {
  it('is exactly 1 for identical images', () => {
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    ssim(x, x).dataSync().forEach((v) => expect(v).toBeCloseTo(1, 5));
    x.dispose();
  });

  it('matches the closed form for two flat images: (2ab + C1) / (a² + b² + C1)', () => {
    // Flat images have zero variance and covariance, so the contrast-structure factor is C2 / C2 = 1.
    const a = 0.6;
    const b = 0.3;
    const x = tf.fill([1, 12, 12, 1], a) as tf.Tensor4D;
    const y = tf.fill([1, 12, 12, 1], b) as tf.Tensor4D;
    const expected = (2 * a * b + C1) / (a * a + b * b + C1);
    ssimMap(x, y).dataSync().forEach((v) => expect(v).toBeCloseTo(expected, 4));
    tf.dispose([x, y]);
  });

  it('matches the closed form for an image against its inverse around the same mean', () => {
    // x is a checkerboard m±d and y = 2m − x: equal means and variances, covariance = −variance,
    // so SSIM = (C2 − σ²)/(C2 + σ²)·1 with σ² > C2: negative and above −1.
    const m = 0.5;
    const d = 0.2;
    const size = 24;
    const data = new Float32Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) data[i * size + j] = m + ((i + j) % 2 === 0 ? d : -d);
    const x = tf.tensor4d(data, [1, size, size, 1]);
    const y = tf.sub(2 * m, x) as tf.Tensor4D;
    const centre = ssimMap(x, y).dataSync()[12 * size + 12] as number;
    expect(centre).toBeLessThan(0);
    expect(centre).toBeGreaterThan(-1);
    tf.dispose([x, y]);
  });

  it('matches the hand-computed value for an impulse against the same impulse at half height (window 3, σ 1)', () => {
    // At the centre the 3×3 window covers the whole 3×3 image, so no border rule is involved.
    // Centre weight w = g0² with g0 = 1/(1 + 2e^-½). x is 1 at the centre, y = x/2, so with s = w − w²:
    // μx = w, μy = w/2, σx² = s, σy² = s/4, σxy = s/2, and
    // SSIM = (w² + C1)/(1.25·w² + C1) · (s + C2)/(1.25·s + C2).
    const x = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 3, 3, 1]);
    const y = tf.mul(x, 0.5) as tf.Tensor4D;
    const g0 = 1 / (1 + 2 * Math.exp(-0.5));
    const w = g0 * g0;
    const s = w - w * w;
    const expected = ((w * w + C1) / (1.25 * w * w + C1)) * ((s + C2) / (1.25 * s + C2));
    expect(expected).toBeCloseTo(0.641, 3);
    expect(ssimMap(x, y, { windowSize: 3, sigma: 1 }).dataSync()[4]).toBeCloseTo(expected, 5);
    tf.dispose([x, y]);
  });

  it('equals a direct weighted-window computation at every pixel, borders included', () => {
    // Reference: explicit loops over the 11×11 Gaussian window with edge-replicated indices.
    const [h, w] = [9, 7];
    const x = tf.randomUniform([1, h, w, 1], 0, 1, 'float32', 21) as tf.Tensor4D;
    const y = tf.randomUniform([1, h, w, 1], 0, 1, 'float32', 22) as tf.Tensor4D;
    const xs = x.dataSync();
    const ys = y.dataSync();
    const g = gaussianKernel1d(1.5, 5);
    const at = (data: ArrayLike<number>, i: number, j: number) =>
      data[Math.min(h - 1, Math.max(0, i)) * w + Math.min(w - 1, Math.max(0, j))] as number;
    const map = ssimMap(x, y).dataSync();
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        let [mx, my, mxx, myy, mxy] = [0, 0, 0, 0, 0];
        for (let u = -5; u <= 5; u++) {
          for (let v = -5; v <= 5; v++) {
            const weight = (g[u + 5] as number) * (g[v + 5] as number);
            const a = at(xs, i + u, j + v);
            const b = at(ys, i + u, j + v);
            mx += weight * a;
            my += weight * b;
            mxx += weight * a * a;
            myy += weight * b * b;
            mxy += weight * a * b;
          }
        }
        const [vx, vy, cxy] = [mxx - mx * mx, myy - my * my, mxy - mx * my];
        const expected = ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        expect(map[i * w + j]).toBeCloseTo(expected, 4);
      }
    }
    tf.dispose([x, y]);
  });

  it('gives a lower score where an image differs locally', () => {
    const x = tf.randomUniform([1, 32, 32, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const patch = tf.pad(tf.fill([1, 6, 6, 1], 0.5), [[0, 0], [20, 6], [20, 6], [0, 0]]);
    const mask = tf.pad(tf.ones([1, 6, 6, 1]), [[0, 0], [20, 6], [20, 6], [0, 0]]);
    const y = tf.add(tf.mul(x, tf.sub(1, mask)), patch) as tf.Tensor4D;
    const map = ssimMap(x, y).dataSync();
    expect(map[23 * 32 + 23]).toBeLessThan(0.5);
    expect(map[5 * 32 + 5]).toBeCloseTo(1, 5);
    tf.dispose([x, patch, mask, y]);
  });

  it('is differentiable: the gradient of 1 − SSIM moves y towards x', () => {
    const x = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.variable(tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 2));
    const before = ssim(x, y as unknown as tf.Tensor4D).dataSync()[0] as number;
    const optimizer = tf.train.sgd(5);
    for (let i = 0; i < 20; i++) optimizer.minimize(() => tf.sub(1, tf.mean(ssim(x, y as unknown as tf.Tensor4D))) as tf.Scalar);
    const after = ssim(x, y as unknown as tf.Tensor4D).dataSync()[0] as number;
    expect(after).toBeGreaterThan(before + 0.1);
    tf.dispose([x, y]);
  });
});
