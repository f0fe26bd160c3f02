import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { GaussianScorer, type GaussianScorerJSON } from './gaussian-scorer';
import { expectAllClose } from './test-utils/expect-close';

/*
 * ±(1.5, 1.5) and ±(b, −b) with b² = 3/4 have mean 0 and unbiased covariance
 * (2/3)·(p·pᵀ + q·qᵀ) = (2/3)·[[3, 1.5], [1.5, 3]] = [[2, 1], [1, 2]]: det 3, inverse [[2, −1], [−1, 2]]/3.
 * Mahalanobis²: (1,0) ↦ 2/3, (1,1) ↦ 2/3, (1,−1) ↦ 2, (0,0) ↦ 0.
 */
const B = Math.sqrt(0.75);
const CORRELATED = [
  [1.5, 1.5],
  [-1.5, -1.5],
  [B, -B],
  [-B, B],
];
const QUERIES = [
  [1, 0],
  [1, 1],
  [1, -1],
  [0, 0],
];
const MAHALANOBIS = [2 / 3, 2 / 3, 2, 0];

function evaluate(scorer: GaussianScorer, method: 'mahalanobis' | 'logDensity' | 'score', points: number[][]): number[] {
  const x = tf.tensor2d(points);
  const result = scorer[method](x);
  const values = Array.from(result.dataSync());
  tf.dispose([x, result]);
  return values;
}

function fitted(points: number[][], ridge?: number): GaussianScorer {
  const x = tf.tensor2d(points);
  const scorer = new GaussianScorer({ ridge }).fit(x);
  x.dispose();
  return scorer;
}

describe('GaussianScorer', () => {
  it('computes squared Mahalanobis distances for Σ = [[2,1],[1,2]]', () => {
    const scorer = fitted(CORRELATED);
    expectAllClose(scorer.mean.dataSync(), [0, 0], 1e-6);
    expectAllClose(evaluate(scorer, 'mahalanobis', QUERIES), MAHALANOBIS, 1e-5);
    expect(scorer.logDeterminant).toBeCloseTo(Math.log(3), 5);
    scorer.dispose();
  });

  it('log N(x) = −½(m + 2·log 2π + log 3), and the score is its negative', () => {
    const scorer = fitted(CORRELATED);
    const expected = MAHALANOBIS.map((m) => -0.5 * (m + 2 * Math.log(2 * Math.PI) + Math.log(3)));
    expectAllClose(evaluate(scorer, 'logDensity', QUERIES), expected, 1e-5);
    expectAllClose(evaluate(scorer, 'score', QUERIES), expected.map((v) => -v), 1e-5);
    scorer.dispose();
  });

  it('adds ridge·I: Σ = [[3,1],[1,3]] (det 8, inverse [[3,−1],[−1,3]]/8) with ridge 1', () => {
    const scorer = fitted(CORRELATED, 1);
    // (1,0) ↦ 3/8, (1,1) ↦ 4/8, (1,−1) ↦ 8/8, (0,0) ↦ 0.
    expectAllClose(evaluate(scorer, 'mahalanobis', QUERIES), [3 / 8, 0.5, 1, 0], 1e-5);
    expect(scorer.logDeterminant).toBeCloseTo(Math.log(8), 5);
    scorer.dispose();
  });

  it('works off-centre: shifting data and queries together changes nothing', () => {
    const shift = (p: number[][]): number[][] => p.map(([x, y]) => [(x as number) + 100, (y as number) - 40]);
    const scorer = fitted(shift(CORRELATED));
    expectAllClose(evaluate(scorer, 'mahalanobis', shift(QUERIES)), MAHALANOBIS, 1e-4);
    scorer.dispose();
  });

  it('refuses a singular covariance unless a ridge is given', () => {
    const x = tf.tensor2d([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(() => new GaussianScorer().fit(x)).toThrow(/ridge/);
    const scorer = new GaussianScorer({ ridge: 0.5 }).fit(x);
    // Covariance [[1,2],[2,4]] + 0.5·I = [[1.5,2],[2,4.5]], det 2.75; (x − (2,4)) = (1,0) ↦ 4.5/2.75.
    expectAllClose(evaluate(scorer, 'mahalanobis', [[3, 4]]), [4.5 / 2.75], 1e-5);
    x.dispose();
    scorer.dispose();
  });

  it('round-trips exactly through JSON text and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const scorer = fitted(CORRELATED, 0.01);
    const json = scorer.toJSON();
    const restored = GaussianScorer.fromJSON(JSON.parse(JSON.stringify(json)) as GaussianScorerJSON);
    expect(restored.toJSON()).toEqual(json);
    expect(evaluate(restored, 'logDensity', QUERIES)).toEqual(evaluate(scorer, 'logDensity', QUERIES));
    scorer.dispose();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('neither changes nor keeps its input', () => {
    const x = tf.tensor2d(CORRELATED);
    const original = x.arraySync();
    const scorer = new GaussianScorer().fit(x);
    expect(x.arraySync()).toEqual(original);
    x.dispose();
    expectAllClose(evaluate(scorer, 'mahalanobis', QUERIES), MAHALANOBIS, 1e-5);
    scorer.dispose();
  });

  it('validates options, inputs and serialised form', () => {
    expect(() => new GaussianScorer({ ridge: -0.1 })).toThrow(UserError);
    const one = tf.tensor2d([[1, 2]]);
    expect(() => new GaussianScorer().fit(one)).toThrow(/at least 2 samples/);
    one.dispose();
    const scorer = fitted(CORRELATED);
    expect(() => evaluate(scorer, 'mahalanobis', [[1, 2, 3]])).toThrow(/expected 2 features/);
    expect(() => GaussianScorer.fromJSON({ ...scorer.toJSON(), kind: 'Pca' } as never)).toThrow(UserError);
    expect(() => GaussianScorer.fromJSON({ ...scorer.toJSON(), logDeterminant: 'x' } as never)).toThrow(UserError);
    scorer.dispose();
    expect(() => evaluate(scorer, 'logDensity', QUERIES)).toThrow(/fit\(\) first/);
  });
});
