import * as tf from '@tensorflow/tfjs';
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
