import * as tf from '@tensorflow/tfjs';
import { createRng, UserError } from '@anomaly-zoo/core';
import { GaussianKde, type GaussianKdeJSON } from './gaussian-kde';
import { subsampleRows } from './subsample';
import { expectAllClose } from './test-utils/expect-close';

/*
 * Three training points (0,0), (2,0), (0,2): unbiased covariance C = [[4/3, −2/3], [−2/3, 4/3]],
 * det C = 4/3. With the explicit factor h = 1/2 the kernel covariance is H = C/4 =
 * [[1/3, −1/6], [−1/6, 1/3]], det H = 1/12, H⁻¹ = [[4, 2], [2, 4]], so each kernel is
 * exp(−½·(4dx² + 4dx·dy + 4dy²))·√12/(2π) and the density is the mean of the three.
 */
const TRIANGLE = [
  [0, 0],
  [2, 0],
  [0, 2],
];
const KERNEL_PEAK = Math.sqrt(12) / (2 * Math.PI);

/** Closed-form density of the equal-weight mixture of 2-D normals N(center, [[a, b], [b, c]]). */
function mixtureDensity2d(point: number[], centres: number[][], [a, b, c]: [number, number, number]): number {
  const det = a * c - b * b;
  const [x, y] = point as [number, number];
  const terms = centres.map(([cx, cy]) => {
    const dx = x - (cx as number);
    const dy = y - (cy as number);
    const quadratic = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
    return Math.exp(-quadratic / 2) / (2 * Math.PI * Math.sqrt(det));
  });
  return terms.reduce((s, t) => s + t, 0) / centres.length;
}

function logDensityOf(kde: GaussianKde, points: number[][]): number[] {
  const x = tf.tensor2d(points);
  const result = kde.logDensity(x);
  const values = Array.from(result.dataSync());
  tf.dispose([x, result]);
  return values;
}

function fitted(points: number[][], options: ConstructorParameters<typeof GaussianKde>[0]): GaussianKde {
  const x = tf.tensor2d(points);
  const kde = new GaussianKde(options).fit(x);
  x.dispose();
  return kde;
}

describe('GaussianKde', () => {
  it('matches the hand-computed mixture for an explicit factor h = 1/2', () => {
    const kde = fitted(TRIANGLE, { bandwidth: 0.5 });
    // (0,0): exponents 0, 16, 16. (1,0) and (1,1): exponents 4, 4, 12 in some order.
    const expected = [
      Math.log(((1 + 2 * Math.exp(-8)) / 3) * KERNEL_PEAK),
      Math.log(((2 * Math.exp(-2) + Math.exp(-6)) / 3) * KERNEL_PEAK),
      Math.log(((2 * Math.exp(-2) + Math.exp(-6)) / 3) * KERNEL_PEAK),
    ];
    expectAllClose(logDensityOf(kde, [[0, 0], [1, 0], [1, 1]]), expected, 1e-5);
    expect(kde.bandwidthFactor).toBe(0.5);
    kde.dispose();
  });

  it('stays finite and exact far from the data, where every kernel underflows (log-sum-exp)', () => {
    const kde = fitted(TRIANGLE, { bandwidth: 0.5 });
    // (30,30): exponents 10800, 10096, 10096 ⇒ log p = −5048 + log((2 + e^−352)/3) + log(√12/2π).
    const expected = -5048 + Math.log((2 + Math.exp(-352)) / 3) + Math.log(KERNEL_PEAK);
    const [actual] = logDensityOf(kde, [[30, 30]]);
    expect(Number.isFinite(actual)).toBe(true);
    expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(1e-6);
    kde.dispose();
  });

  it("uses Scott's factor n^(−1/(d+4)) = 3^(−1/6) by default: H = C·3^(−1/3)", () => {
    const kde = fitted(TRIANGLE, {});
    expect(kde.bandwidthFactor).toBeCloseTo(3 ** (-1 / 6), 12);
    const s = 3 ** (-1 / 3);
    const kernel: [number, number, number] = [(4 / 3) * s, (-2 / 3) * s, (4 / 3) * s];
    const queries = [[0, 0], [1, 1], [-1, 2], [0.5, -0.3]];
    const expected = queries.map((q) => Math.log(mixtureDensity2d(q, TRIANGLE, kernel)));
    expectAllClose(logDensityOf(kde, queries), expected, 1e-5);
    kde.dispose();
  });

  it("uses Silverman's factor (n(d+2)/4)^(−1/(d+4)): in 1-D on 0, 1, 3 that is (9/4)^(−1/5)", () => {
    const kde = fitted([[0], [1], [3]], { bandwidth: 'silverman' });
    const h = (9 / 4) ** (-1 / 5);
    expect(kde.bandwidthFactor).toBeCloseTo(h, 12);
    const variance = (7 / 3) * h * h; // unbiased variance of 0, 1, 3 is (16/9 + 1/9 + 25/9)/2 = 7/3
    const queries = [-1, 0.5, 2, 10];
    const expected = queries.map((q) =>
      Math.log([0, 1, 3].reduce((s, c) => s + Math.exp(-((q - c) ** 2) / (2 * variance)), 0) / 3 / Math.sqrt(2 * Math.PI * variance)),
    );
    expectAllClose(logDensityOf(kde, queries.map((q) => [q])), expected, 1e-5);
    kde.dispose();
  });

  it('refuses singular data unless a ridge is given, which is added to the data covariance before scaling', () => {
    const collinear = [[0, 0], [2, 0], [-2, 0]];
    const x = tf.tensor2d(collinear);
    expect(() => new GaussianKde().fit(x)).toThrow(UserError);
    expect(() => new GaussianKde().fit(x)).toThrow(/ridge/);
    x.dispose();
    // Covariance diag(4, 0) + 1·I = diag(5, 1); with h = 1 the kernels are N(xᵢ, diag(5, 1)).
    const kde = fitted(collinear, { ridge: 1, bandwidth: 1 });
    const queries = [[0, 0], [1, 0.5], [-3, -1]];
    const expected = queries.map((q) => Math.log(mixtureDensity2d(q, collinear, [5, 0, 1])));
    expectAllClose(logDensityOf(kde, queries), expected, 1e-5);
    kde.dispose();
  });

  it('gives the same values whatever the query block size', () => {
    const queries = [[0, 0], [1, 0], [1, 1], [-1, 2], [3, 3]];
    const whole = fitted(TRIANGLE, { bandwidth: 0.5 });
    const blocked = fitted(TRIANGLE, { bandwidth: 0.5, maxBlockElements: 6 }); // 2 queries × 3 kernels per block
    expectAllClose(logDensityOf(blocked, queries), logDensityOf(whole, queries), 1e-6);
    const tiny = fitted(TRIANGLE, { bandwidth: 0.5, maxBlockElements: 1 }); // still one query per block
    expectAllClose(logDensityOf(tiny, queries), logDensityOf(whole, queries), 1e-6);
    [whole, blocked, tiny].forEach((k) => k.dispose());
  });

  it('subsamples large training sets with the seed, and the bandwidth follows the kept n', () => {
    const rng = createRng(5);
    const x = tf.tensor2d(Array.from({ length: 200 }, () => [rng.normal(), rng.normal() * 2]));
    const kde = new GaussianKde({ maxTrainingPoints: 50, seed: 9 }).fit(x);
    expect(kde.trainingPoints).toBe(50);
    expect(kde.bandwidthFactor).toBeCloseTo(50 ** (-1 / 6), 12);
    const subset = subsampleRows(x, 50, 9);
    const direct = new GaussianKde().fit(subset);
    const other = new GaussianKde({ maxTrainingPoints: 50, seed: 10 }).fit(x);
    const queries = [[0, 0], [1, -1], [2, 3]];
    expectAllClose(logDensityOf(kde, queries), logDensityOf(direct, queries), 1e-6);
    expect(logDensityOf(other, queries)).not.toEqual(logDensityOf(kde, queries));
    tf.dispose([x, subset]);
    [kde, direct, other].forEach((k) => k.dispose());
  });

  it('scores with the negative log-density', () => {
    const kde = fitted(TRIANGLE, { bandwidth: 0.5 });
    const x = tf.tensor2d([[0, 0], [5, 5]]);
    const [score, logDensity] = [kde.score(x), kde.logDensity(x)];
    expect(Array.from(score.dataSync())).toEqual(Array.from(logDensity.dataSync()).map((v) => -v));
    tf.dispose([x, score, logDensity]);
    kde.dispose();
  });

  it('round-trips exactly through JSON text', () => {
    const rng = createRng(6);
    const kde = fitted(Array.from({ length: 40 }, () => [rng.normal(), rng.normal(), rng.normal()]), { bandwidth: 'silverman', ridge: 1e-3 });
    const json = kde.toJSON();
    const restored = GaussianKde.fromJSON(JSON.parse(JSON.stringify(json)) as GaussianKdeJSON);
    expect(restored.toJSON()).toEqual(json);
    const queries = [[0, 0, 0], [1, 2, 3], [-4, 0, 1]];
    expect(logDensityOf(restored, queries)).toEqual(logDensityOf(kde, queries));
    kde.dispose();
    restored.dispose();
  });

  it('neither changes nor keeps its input, and dispose releases everything', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(TRIANGLE);
    const kde = new GaussianKde({ bandwidth: 0.5 }).fit(x);
    expect(x.arraySync()).toEqual(TRIANGLE);
    x.dispose();
    expectAllClose(logDensityOf(kde, [[0, 0]]), [Math.log(((1 + 2 * Math.exp(-8)) / 3) * KERNEL_PEAK)], 1e-5);
    const again = tf.tensor2d(TRIANGLE);
    kde.fit(again); // refitting releases the previous state
    again.dispose();
    kde.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => logDensityOf(kde, [[0, 0]])).toThrow(/fit\(\) first/);
  });

  it('validates its options, inputs and serialised form', () => {
    expect(() => new GaussianKde({ bandwidth: 0 })).toThrow(UserError);
    expect(() => new GaussianKde({ maxTrainingPoints: 1 })).toThrow(UserError);
    expect(() => new GaussianKde({ maxTrainingPoints: 2.5 })).toThrow(UserError);
    expect(() => new GaussianKde({ ridge: -1 })).toThrow(UserError);
    expect(() => new GaussianKde({ seed: NaN })).toThrow(UserError);
    expect(() => new GaussianKde({ maxBlockElements: 0 })).toThrow(UserError);
    const one = tf.tensor2d([[1, 2]]);
    expect(() => new GaussianKde().fit(one)).toThrow(/at least 2 samples/);
    one.dispose();
    const kde = fitted(TRIANGLE, { bandwidth: 0.5 });
    expect(() => logDensityOf(kde, [[1, 2, 3]])).toThrow(/expected 2 features/);
    const json = kde.toJSON();
    expect(() => GaussianKde.fromJSON({ ...json, kind: 'Pca' } as never)).toThrow(UserError);
    expect(() => GaussianKde.fromJSON({ ...json, logNormalizer: null } as never)).toThrow(UserError);
    expect(() => GaussianKde.fromJSON({ ...json, options: undefined } as never)).toThrow(UserError);
    const before = tf.memory().numTensors;
    expect(() => GaussianKde.fromJSON({ ...json, whitening: { ...json.whitening, shape: [1, 4] } })).toThrow(/expected shape/);
    expect(tf.memory().numTensors).toBe(before);
    kde.dispose();
  });
});
