import { mean, percentile, populationStd } from './summary-stats';

describe('percentile (linear, like numpy)', () => {
  it('interpolates between order statistics at position (n − 1)·q/100', () => {
    const values = [5, 1, 4, 2, 3]; // sorted 1 2 3 4 5
    expect(percentile(values, 50)).toBe(3); // position 2
    expect(percentile(values, 25)).toBe(2); // position 1
    expect(percentile(values, 90)).toBeCloseTo(4.6, 12); // position 3.6: 4 + 0.6·(5 − 4)
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9, 12); // position 0.99: 10 + 0.99·10
    expect(percentile([7], 99)).toBe(7);
  });

  it('rejects no values and q outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], NaN)).toThrow(RangeError);
  });
});

describe('mean and populationStd', () => {
  it('divide by n', () => {
    // mean 40/8 = 5; squared deviations 9 1 1 1 0 0 4 16 sum to 32; 32/8 = 4; sqrt = 2
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toBe(5);
    expect(populationStd(values)).toBe(2);
    expect(populationStd([3])).toBe(0);
  });
});
