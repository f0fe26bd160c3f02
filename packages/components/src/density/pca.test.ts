import * as tf from '@tensorflow/tfjs';
import { createRng, UserError } from '@anomaly-zoo/core';
import { Pca, type PcaJSON } from './pca';
import { expectAllClose, multiply, transpose } from './test-utils/expect-close';

/*
 * Four points around the mean (10, −5) with deviations (3,3), (−3,−3), (1,−1), (−1,1). Unbiased
 * covariance [[20/3, 16/3], [16/3, 20/3]]: eigenvalues 12 along (1,1)/√2 and 4/3 along (1,−1)/√2,
 * so the explained variance ratios are 12/(40/3) = 0.9 and 0.1.
 */
const DEVIATIONS = [
  [3, 3],
  [-3, -3],
  [1, -1],
  [-1, 1],
];
const PLANE_POINTS = DEVIATIONS.map(([dx, dy]) => [10 + (dx as number), -5 + (dy as number)]);
const R = Math.SQRT1_2;

/*
 * The same deviations embedded in 6-D along the orthonormal a = (1,1,1,1,0,0)/2, b = (1,−1,0,0,1,1)/2
 * around (1..6). The principal axes become (a+b)/√2 = (2,0,1,1,1,1)/(2√2) and (a−b)/√2 = (0,2,1,1,−1,−1)/(2√2).
 */
const A6 = [1, 1, 1, 1, 0, 0].map((v) => v / 2);
const B6 = [1, -1, 0, 0, 1, 1].map((v) => v / 2);
const SPACE_POINTS = DEVIATIONS.map(([dx, dy]) => A6.map((a, j) => j + 1 + (dx as number) * a + (dy as number) * (B6[j] as number)));
const AXIS_1 = [2, 0, 1, 1, 1, 1].map((v) => v / (2 * Math.SQRT2));
const AXIS_2 = [0, 2, 1, 1, -1, -1].map((v) => v / (2 * Math.SQRT2));

function randomData(rows: number, columns: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  // Column j has standard deviation j + 1, so the variances are well separated.
  return tf.tensor2d(Array.from({ length: rows }, () => Array.from({ length: columns }, (_, j) => (j + 1) * rng.normal() + j)));
}

describe('Pca', () => {
  it('finds the axes, variances and ratios of the 2-D example', () => {
    const x = tf.tensor2d(PLANE_POINTS);
    const pca = new Pca({ components: 2 }).fit(x);
    expect(pca.nComponents).toBe(2);
    expect(pca.nFeatures).toBe(2);
    expectAllClose(pca.mean.dataSync(), [10, -5], 1e-6);
    expectAllClose(pca.components.dataSync(), [R, R, R, -R], 1e-6);
    expectAllClose(pca.explainedVariance, [12, 4 / 3], 1e-5);
    expectAllClose(pca.explainedVarianceRatio, [0.9, 0.1], 1e-6);
    pca.dispose();
    x.dispose();
  });

  it('projects onto the axes: (13,−2) ↦ (3√2, 0), (11,−6) ↦ (0, √2)', () => {
    const x = tf.tensor2d(PLANE_POINTS);
    const pca = new Pca({ components: 2 }).fit(x);
    const queries = tf.tensor2d([
      [13, -2],
      [11, -6],
    ]);
    const z = pca.transform(queries);
    expect(z.shape).toEqual([2, 2]);
    expectAllClose(z.dataSync(), [3 * Math.SQRT2, 0, 0, Math.SQRT2], 1e-5);
    tf.dispose([x, queries, z]);
    pca.dispose();
  });

  it('inverse-transforms onto the kept subspace: with one axis, (11,−6) goes back to the mean', () => {
    const x = tf.tensor2d(PLANE_POINTS);
    const pca = new Pca({ components: 1 }).fit(x);
    const z = pca.transform(x);
    const back = pca.inverseTransform(z);
    expectAllClose(back.dataSync(), [13, -2, 7, -8, 10, -5, 10, -5], 1e-5);
    tf.dispose([x, z, back]);
    pca.dispose();
  });

  it('chooses k from varianceFraction: the smallest k whose cumulative ratio reaches it', () => {
    const x = tf.tensor2d(PLANE_POINTS);
    const counts = [0.5, 0.85, 0.95, 1].map((varianceFraction) => {
      const pca = new Pca({ varianceFraction }).fit(x);
      const k = pca.nComponents;
      pca.dispose();
      return k;
    });
    expect(counts).toEqual([1, 1, 2, 2]);
    x.dispose();
  });

  it.each(['auto', 'gram', 'covariance'] as const)('recovers the 6-D embedded axes with the %s solver (N < D)', (solver) => {
    const x = tf.tensor2d(SPACE_POINTS);
    const pca = new Pca({ components: 2, solver }).fit(x);
    expectAllClose(pca.mean.dataSync(), [1, 2, 3, 4, 5, 6], 1e-6);
    expectAllClose(pca.components.dataSync(), [...AXIS_1, ...AXIS_2], 1e-5);
    expectAllClose(pca.explainedVariance, [12, 4 / 3], 1e-5);
    expectAllClose(pca.explainedVarianceRatio, [0.9, 0.1], 1e-6);
    const back = pca.inverseTransform(pca.transform(x));
    expectAllClose(back.dataSync(), x.dataSync(), 1e-5);
    tf.dispose([x, back]);
    pca.dispose();
  });

  it('caps k at N − 1 and keeps the axes orthonormal even past the data rank', () => {
    const x = tf.tensor2d(SPACE_POINTS);
    const pca = new Pca({ components: 5 }).fit(x);
    expect(pca.nComponents).toBe(3);
    const c = pca.components.dataSync();
    expectAllClose(multiply(c, transpose(c, 3, 6), 3, 6, 3), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-6);
    expect(pca.explainedVariance[2]).toBeLessThan(1e-5);
    x.dispose();
    pca.dispose();
  });

  it('gives the same decomposition through the Gram and covariance solvers', () => {
    const x = randomData(30, 12, 1);
    const gram = new Pca({ components: 6, solver: 'gram' }).fit(x);
    const covariance = new Pca({ components: 6, solver: 'covariance' }).fit(x);
    expectAllClose(gram.components.dataSync(), covariance.components.dataSync(), 1e-4);
    expectAllClose(gram.explainedVariance, covariance.explainedVariance, 1e-5);
    expectAllClose(gram.explainedVarianceRatio, covariance.explainedVarianceRatio, 1e-5);
    tf.dispose(x);
    gram.dispose();
    covariance.dispose();
  });

  it('is deterministic: the sign convention makes the result independent of row order', () => {
    const x = randomData(20, 8, 2);
    const reversed = tf.reverse(x, 0) as tf.Tensor2D;
    const a = new Pca({ components: 4 }).fit(x);
    const b = new Pca({ components: 4 }).fit(reversed);
    expectAllClose(a.components.dataSync(), b.components.dataSync(), 1e-5);
    const c = a.components.arraySync();
    for (const axis of c) {
      const largest = axis.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
    tf.dispose([x, reversed]);
    a.dispose();
    b.dispose();
  });

  it('round-trips exactly through JSON text', () => {
    const x = randomData(25, 10, 3);
    const pca = new Pca({ varianceFraction: 0.9 }).fit(x);
    const json = pca.toJSON();
    const restored = Pca.fromJSON(JSON.parse(JSON.stringify(json)) as PcaJSON);
    expect(restored.toJSON()).toEqual(json);
    const [z1, z2] = [pca.transform(x), restored.transform(x)];
    expect(Array.from(z2.dataSync())).toEqual(Array.from(z1.dataSync()));
    expect(restored.options).toEqual(pca.options);
    tf.dispose([x, z1, z2]);
    pca.dispose();
    restored.dispose();
  });

  it('neither changes nor keeps its input, and dispose releases everything', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(PLANE_POINTS);
    const pca = new Pca({ components: 1 }).fit(x);
    expect(x.arraySync()).toEqual(PLANE_POINTS);
    x.dispose();
    const query = tf.tensor2d([[13, -2]]);
    const z = pca.transform(query);
    expectAllClose(z.dataSync(), [3 * Math.SQRT2], 1e-5);
    tf.dispose([query, z]);
    const doubled = tf.tensor2d(PLANE_POINTS.map((p) => p.map((v) => 2 * v)));
    pca.fit(doubled); // refitting releases the previous state
    doubled.dispose();
    pca.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => pca.transform(query)).toThrow(/fit\(\) first/);
  });

  it('validates its options, its input shapes and its serialised form', () => {
    expect(() => new Pca({} as never)).toThrow(UserError);
    expect(() => new Pca({ components: 2, varianceFraction: 0.5 } as never)).toThrow(UserError);
    expect(() => new Pca({ components: 0 })).toThrow(UserError);
    expect(() => new Pca({ components: 1.5 })).toThrow(UserError);
    expect(() => new Pca({ varianceFraction: 0 })).toThrow(UserError);
    expect(() => new Pca({ varianceFraction: 1.2 })).toThrow(UserError);
    expect(() => new Pca({ components: 1, solver: 'svd' as never })).toThrow(UserError);
    const one = tf.tensor2d([[1, 2]]);
    expect(() => new Pca({ components: 1 }).fit(one)).toThrow(/at least 2 samples/);
    const x = tf.tensor2d(PLANE_POINTS);
    const pca = new Pca({ components: 1 }).fit(x);
    const wide = tf.zeros([1, 3]) as tf.Tensor2D;
    expect(() => pca.transform(wide)).toThrow(/expected 2 features/);
    expect(() => Pca.fromJSON({ ...pca.toJSON(), kind: 'GaussianKde' } as never)).toThrow(UserError);
    expect(() => Pca.fromJSON({ ...pca.toJSON(), explainedVariance: [] })).toThrow(UserError);
    tf.dispose([one, x, wide]);
    pca.dispose();
  });
});
