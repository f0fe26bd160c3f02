import { minMaxNormaliser, normalise } from './normalise';

describe('min-max normalisation', () => {
  // validation scores 3 1 2.2 -> min 1, max 3, range 2; threshold 2
  const stats = minMaxNormaliser(2, [3, 1, 2.2]);

  it('keeps threshold, min and max as plain numbers', () => {
    expect(stats).toEqual({ threshold: 2, min: 1, max: 3 });
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('maps the threshold to 0.5 and scales by the validation range', () => {
    expect(normalise(2, stats)).toBe(0.5);
    expect(normalise(2.5, stats)).toBe(0.75); // 0.5/2 + 0.5
    expect(normalise(1, stats)).toBe(0); // −1/2 + 0.5
    expect(normalise(3, stats)).toBe(1); // 1/2 + 0.5
  });

  it('clamps to [0, 1]', () => {
    expect(normalise(4, stats)).toBe(1); // 2/2 + 0.5 = 1.5
    expect(normalise(-5, stats)).toBe(0); // −7/2 + 0.5 = −3
  });

  it('becomes a step at the threshold when max = min', () => {
    const flat = minMaxNormaliser(2, [2, 2]);
    expect([normalise(3, flat), normalise(2, flat), normalise(1, flat)]).toEqual([1, 0.5, 0]);
  });

  it('rejects no validation scores and a non-finite threshold', () => {
    expect(() => minMaxNormaliser(1, [])).toThrow(/no validation scores/);
    expect(() => minMaxNormaliser(NaN, [1])).toThrow(/threshold/);
  });
});
