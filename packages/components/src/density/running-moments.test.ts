import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';
import { meanAndCovariance } from './covariance';
import { RunningMoments } from './running-moments';

describe('RunningMoments', () => {
  // 3 positions, 13 samples of 4 features, far from the origin (offset 50) to expose cancellation.
  const positions = 3;
  const samples = 13;
  const dims = 4;
  const rng = createRng(7);
  const data = Float32Array.from({ length: positions * samples * dims }, (_, i) => 50 + (i % dims) + rng.normal() * (1 + (i % 3)));

  it.each([[[5, 5, 3], 64], [[5, 5, 3], 5], [[13], 4], [[1, 12], 2]])('batches %j (flush every %i) equal the direct mean and covariance', (sizes, flush) => {
    const all = tf.tensor3d(data, [positions, samples, dims]);
    const moments = new RunningMoments(positions, dims, flush);
    let start = 0;
    for (const size of sizes) {
      const part = tf.slice(all, [0, start, 0], [positions, size, dims]) as tf.Tensor3D;
      moments.add(part);
      part.dispose();
      start += size;
    }
    expect(moments.samples).toBe(samples);
    const ridge = 0.25;
    const { mean: gotMean, covariance: gotCov } = moments.finish(ridge);
    for (let p = 0; p < positions; p++) {
      const rows = tf.tidy(() => tf.squeeze(tf.slice(all, [p, 0, 0], [1, samples, dims]), [0])) as tf.Tensor2D;
      const direct = meanAndCovariance(rows);
      rows.dispose();
      for (let i = 0; i < dims; i++) expect(gotMean[p * dims + i]).toBeCloseTo(direct.mean[i] as number, 4);
      for (let i = 0; i < dims * dims; i++) {
        const expected = (direct.covariance[i] as number) + (i % (dims + 1) === 0 ? ridge : 0);
        expect(Math.abs((gotCov[p * dims * dims + i] as number) - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
      }
    }
    all.dispose();
  });

  it('joins moments given by the caller: (0), (2, 4) → mean 2, variance 4; shifted by 1000 the same', () => {
    for (const offset of [0, 1000]) {
      const moments = new RunningMoments(1, 1);
      moments.addMoments(1, [offset], [0]);
      // (2, 4): mean 3, scatter (−1)² + 1² = 2.
      moments.addMoments(2, [offset + 3], [2]);
      const { mean, covariance } = moments.finish();
      expect(mean[0]).toBeCloseTo(offset + 2, 10);
      // Deviations −2, 0, 2 from 2: (4 + 0 + 4)/2.
      expect(covariance[0]).toBeCloseTo(4, 10);
    }
  });

  it('refuses moments of the wrong size', () => {
    expect(() => new RunningMoments(2, 2).addMoments(1, [0, 0], [0, 0, 0, 0])).toThrow(/expected 4 means and 8 scatter/);
  });

  it('holds no tensors once finished', () => {
    const before = tf.memory().numTensors;
    const moments = new RunningMoments(2, 2, 100);
    const x = tf.tensor3d([1, 2, 3, 5, 0, 1, 4, 4], [2, 2, 2]);
    moments.add(x);
    x.dispose();
    moments.finish();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to finish with fewer than two samples', () => {
    const moments = new RunningMoments(1, 1);
    const x = tf.tensor3d([1], [1, 1, 1]);
    moments.add(x);
    expect(() => moments.finish()).toThrow(/at least 2 samples/);
    moments.dispose();
    x.dispose();
  });
});
