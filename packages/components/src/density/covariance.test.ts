import * as tf from '@tensorflow/tfjs';
import { meanAndCovariance } from './covariance';
import { expectAllClose } from './test-utils/expect-close';

describe('meanAndCovariance', () => {
  it('(0,0), (2,0), (0,2): mean (2/3, 2/3), unbiased covariance [[4/3, −2/3], [−2/3, 4/3]]', () => {
    // Deviations (−2/3,−2/3), (4/3,−2/3), (−2/3,4/3): Σx² = 24/9, Σxy = −12/9, divided by n − 1 = 2.
    const x = tf.tensor2d([0, 0, 2, 0, 0, 2], [3, 2]);
    const { mean, covariance, samples, features } = meanAndCovariance(x);
    expect([samples, features]).toEqual([3, 2]);
    expectAllClose(mean, [2 / 3, 2 / 3], 1e-7);
    expectAllClose(covariance, [4 / 3, -2 / 3, -2 / 3, 4 / 3], 1e-6);
    expect(covariance[1]).toBe(covariance[2]);
    expect(Array.from(x.dataSync())).toEqual([0, 0, 2, 0, 0, 2]);
    x.dispose();
  });

  it('needs two rows', () => {
    const x = tf.tensor2d([[1, 2]]);
    expect(() => meanAndCovariance(x)).toThrow(/at least 2 rows/);
    x.dispose();
  });
});

