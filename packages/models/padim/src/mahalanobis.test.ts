import * as tf from '@tensorflow/tfjs';
import { inverseCholeskyStack } from '@anomaly-zoo/components';
import { mahalanobisDistances } from './mahalanobis';

describe('mahalanobisDistances', () => {
  it('matches a hand computation at two positions', () => {
    // Position 0: μ = (1, 2), Σ = diag(4, 1). Position 1: μ = (0, 0), Σ = [[2, 1], [1, 2]], Σ⁻¹ = ⅓·[[2, −1], [−1, 2]].
    const mean = tf.tensor2d([1, 2, 0, 0], [2, 2]);
    const whitening = tf.tensor3d(inverseCholeskyStack([4, 0, 0, 1, 2, 1, 1, 2], 2, 2), [2, 2, 2]);
    // Two images; features [positions, images, d].
    const features = tf.tensor3d([
      [3, 2], [1, 5], // position 0: image 0 (Δ = (2, 0)), image 1 (Δ = (0, 3))
      [1, 1], [1, -1], // position 1: image 0 (Δ = (1, 1)), image 1 (Δ = (1, −1))
    ].flat(), [2, 2, 2]);
    const distances = mahalanobisDistances(features, mean, whitening);
    expect(distances.shape).toEqual([2, 2]);
    const got = Array.from(distances.dataSync());
    // image 0: √(2²/4) = 1 and √(⅓·(2 − 1 − 1 + 2)) = √(2/3); image 1: √(3²/1) = 3 and √(⅓·(2 + 1 + 1 + 2)) = √2.
    const expected = [1, Math.sqrt(2 / 3), 3, Math.SQRT2];
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i] as number, 5));
    tf.dispose([mean, whitening, features, distances]);
  });
});
