import { createRng } from '@anomaly-zoo/core';
import { gaussianProjection } from './random-projection';

describe('gaussianProjection', () => {
  it('is the same for a seed and differs between seeds', () => {
    expect(gaussianProjection(20, 8, 5)).toEqual(gaussianProjection(20, 8, 5));
    expect(gaussianProjection(20, 8, 5)).not.toEqual(gaussianProjection(20, 8, 6));
  });

  it('keeps pairwise distances within 25 % (Johnson–Lindenstrauss, 30 points, 384 → 256 dims)', () => {
    const [d, k, n] = [384, 256, 30];
    const rng = createRng(9);
    const points = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
    const r = gaussianProjection(d, k, 3);
    const projected = points.map((p) => Array.from({ length: k }, (_, j) => p.reduce((sum, v, i) => sum + v * (r[i * k + j] as number), 0)));
    const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((sum, v, i) => sum + (v - (b[i] as number)) ** 2, 0));
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const ratio = distance(projected[i] as number[], projected[j] as number[]) / distance(points[i] as number[], points[j] as number[]);
        expect(ratio).toBeGreaterThan(0.75);
        expect(ratio).toBeLessThan(1.25);
      }
  });
});
