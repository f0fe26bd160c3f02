import { combineParts, partStats } from './score-parts';

describe('partStats', () => {
  it('gives the mean, population std and the quantile of the z-scores', () => {
    // values 1, 2, 3, 4: mean 2.5, std √1.25, z = (−1.5, −0.5, 0.5, 1.5)/√1.25, whose median is 0.
    const stats = partStats([1, 2, 3, 4], 0.5);
    expect(stats.mean).toBeCloseTo(2.5, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(stats.zQuantile).toBeCloseTo(0, 12);
    // 0.75 quantile of 1..4 is 3.25 (numpy linear), as a z-score (3.25 − 2.5)/√1.25.
    expect(partStats([4, 1, 3, 2], 0.75).zQuantile).toBeCloseTo(0.75 / Math.sqrt(1.25), 12);
  });

  it('leaves a constant part unscaled instead of dividing by zero', () => {
    expect(partStats([2, 2, 2], 0.9)).toEqual({ mean: 2, std: 1, zQuantile: 0 });
  });
});

describe('combineParts', () => {
  const stats = { reconstruction: { mean: 1, std: 2, zQuantile: 1.5 }, latent: { mean: -10, std: 5, zQuantile: 0.5 } };
  const reconstruction = Float32Array.from([1, 5, 2]);
  const latent = Float32Array.from([-10, -10, 10]);
  // z of the reconstruction part: 0, 2, 0.5; of the latent part: 0, 0, 4.

  it('standardises each part', () => {
    const { reconstructionZ, latentZ } = combineParts(reconstruction, latent, stats, 'sum');
    expect(Array.from(reconstructionZ)).toEqual([0, 2, 0.5]);
    expect(Array.from(latentZ)).toEqual([0, 0, 4]);
  });

  it('sums, takes the maximum, or applies the or-rule (each part against its own quantile)', () => {
    expect(Array.from(combineParts(reconstruction, latent, stats, 'sum').scores)).toEqual([0, 2, 4.5]);
    expect(Array.from(combineParts(reconstruction, latent, stats, 'max').scores)).toEqual([0, 2, 4]);
    // max(z_r − 1.5, z_l − 0.5): image 0 is below both part thresholds (< 0), 1 exceeds the
    // reconstruction one, 2 the latent one.
    expect(Array.from(combineParts(reconstruction, latent, stats, 'or-rule').scores)).toEqual([-0.5, 0.5, 3.5]);
  });
});
