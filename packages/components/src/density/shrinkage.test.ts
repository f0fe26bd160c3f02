import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { meanAndCovariance } from './covariance';
import { GaussianScorer } from './gaussian-scorer';
import { checkShrinkage, ledoitWolfIntensity, shrinkTowardsIdentity } from './shrinkage';
import { expectAllClose } from './test-utils/expect-close';

// Rows (1,0), (−1,0), (0,2), (0,−2): mean 0, S = XᵀX/4 = diag(1/2, 2), μ = tr S/2 = 5/4.
// ‖S − μI‖²/d = ((−3/4)² + (3/4)²)/2 = 9/16. ‖xₖ‖² = 1, 1, 4, 4, so Σ‖xₖ‖⁴/n = 34/4 and ‖S‖²_F = 17/4:
// b̄² = (34/4 − 17/4)/(2·4) = 17/32, and δ = (17/32)/(9/16) = 17/18 (sklearn's ledoit_wolf_shrinkage gives the same).
const ROWS = [1, 0, -1, 0, 0, 2, 0, -2];

describe('Ledoit–Wolf shrinkage', () => {
  it('gives the intensity 17/18 worked out by hand, and shrinks the unbiased covariance with it', () => {
    const x = tf.tensor2d(ROWS, [4, 2]);
    const plain = meanAndCovariance(x);
    expect(ledoitWolfIntensity(Float64Array.from(ROWS), plain.covariance, 4, 2)).toBeCloseTo(17 / 18, 14);
    // Unbiased C = diag(2/3, 8/3), tr C/2 = 5/3: (1/18)·C + (17/18)·(5/3)·I = diag(87/54, 93/54).
    const shrunk = meanAndCovariance(x, 'ledoit_wolf');
    expect(shrunk.shrinkage).toBeCloseTo(17 / 18, 14);
    expectAllClose(shrunk.covariance, [87 / 54, 0, 0, 93 / 54], 1e-12);
    x.dispose();
  });

  it('is 0 when the sample covariance already is a multiple of I', () => {
    const rows = [1, 0, -1, 0, 0, 1, 0, -1];
    const x = tf.tensor2d(rows, [4, 2]);
    const { covariance } = meanAndCovariance(x);
    expect(ledoitWolfIntensity(Float64Array.from(rows), covariance, 4, 2)).toBe(0);
    x.dispose();
  });

  it('a fixed intensity keeps the trace: (1 − δ)·C + δ·(tr C/d)·I', () => {
    const c = Float64Array.from([4, 1, 1, 2]);
    expectAllClose(shrinkTowardsIdentity(c, 2, 0.5), [0.5 * 4 + 1.5, 0.5, 0.5, 0.5 * 2 + 1.5], 1e-15);
    expect(() => checkShrinkage(1.5, 'GaussianScorer')).toThrow(UserError);
    expect(() => checkShrinkage('oas' as never, 'GaussianScorer')).toThrow(/shrinkage must be/);
  });

  it('lets a Gaussian fit more dimensions than samples, where the plain covariance is singular', () => {
    const x = tf.randomNormal([6, 10], 0, 1, 'float32', 7) as tf.Tensor2D;
    expect(() => new GaussianScorer().fit(x)).toThrow(/singular/);
    const scorer = new GaussianScorer({ shrinkage: 'ledoit_wolf' }).fit(x);
    expect(scorer.shrinkageIntensity).toBeGreaterThan(0);
    expect(scorer.shrinkageIntensity).toBeLessThanOrEqual(1);
    const restored = GaussianScorer.fromJSON(JSON.parse(JSON.stringify(scorer.toJSON())));
    expect(restored.shrinkageIntensity).toBe(scorer.shrinkageIntensity);
    const [a, b] = [scorer.score(x), restored.score(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    scorer.dispose();
    restored.dispose();
  });
});
