import { reweightedScore } from './reweighting';

describe('reweightedScore (PatchCore eq. 7)', () => {
  it('matches a hand computation', () => {
    // s* = 2; neighbours at 2 (m* itself), 3 and 2 + ln 2: Σ exp(d − s*) = 1 + e + 2, s = (1 − 1/(3 + e))·2.
    expect(reweightedScore(2, [2, 3, 2 + Math.LN2])).toBeCloseTo(2 * (1 - 1 / (3 + Math.E)), 12);
  });

  it('halves the score when m* has one neighbour exactly as close to the test patch', () => {
    expect(reweightedScore(1.5, [1.5, 1.5])).toBeCloseTo(0.75, 12);
  });

  it('keeps the score when the neighbours are far (an isolated match), without overflowing', () => {
    expect(reweightedScore(3, [3, 2000, 5000])).toBe(3);
  });

  it('rises with the distance of the neighbours', () => {
    expect(reweightedScore(1, [1, 1.1])).toBeLessThan(reweightedScore(1, [1, 3]));
  });
});
