import { averagePrecision } from './average-precision';
import { UndefinedMetricError } from './errors';

describe('averagePrecision', () => {
  it('sums recall steps times precision (scikit-learn example)', () => {
    // scores 0.8(anomalous) 0.4(normal) 0.35(anomalous) 0.1(normal), highest first:
    //   >= 0.8 : P 1,   R 1/2     >= 0.4 : P 1/2, R 1/2
    //   >= 0.35: P 2/3, R 1       >= 0.1 : P 1/2, R 1
    // AP = 1/2·1 + 0·1/2 + 1/2·2/3 + 0·1/2 = 1/2 + 1/3 = 5/6
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 15);
  });

  it('collapses tied scores into one step', () => {
    // Tied example (see curves.test.ts): precision 1, 1/2, 3/5, 1/2 at recall 1/3, 2/3, 1, 1
    // AP = 1/3·1 + 1/3·1/2 + 1/3·3/5 + 0 = (1 + 0.5 + 0.6) / 3 = 0.7
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8, 0.4, 0.4], [0, 0, 1, 1, 1, 0])).toBeCloseTo(0.7, 15);
  });

  it('is 1 for a perfect ranking and when every item is anomalous', () => {
    expect(averagePrecision([0.1, 0.9, 0.8], [0, 1, 1])).toBe(1);
    expect(averagePrecision([0.3, 0.2], [1, 1])).toBe(1);
  });

  it('is undefined without anomalous items', () => {
    expect(() => averagePrecision([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
  });
});
