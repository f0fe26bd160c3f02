import { confusionAt, f1 } from './confusion';
import { UndefinedMetricError } from './errors';
import { f1Max, trivialF1 } from './f1';
import { nextDown } from './float-steps';

describe('f1Max', () => {
  it('finds the best F1 over all distinct thresholds', () => {
    // Tied example, P = 3: F1 = 2tp / (tp + fp + P) when flagging scores >= ...
    //   0.8: 2/4 = 0.5   0.4: 4/7   0.35: 6/8 = 0.75   0.1: 6/9
    // Best is flagging >= 0.35, whose threshold is the next score down, 0.1.
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
    const labels = [0, 0, 1, 1, 1, 0];
    expect(f1Max(scores, labels)).toEqual({ f1: 0.75, threshold: 0.1 });
    expect(f1(confusionAt(scores, labels, 0.1))).toBe(0.75);
  });

  it('sets the threshold just below the lowest score when flagging everything is best', () => {
    // scores 3(a) 2(n) 1(a): F1 at >=3: 2/3, >=2: 2/4, >=1: 4/5
    const best = f1Max([3, 2, 1], [1, 0, 1]);
    expect(best).toEqual({ f1: 0.8, threshold: nextDown(1) });
    expect(confusionAt([3, 2, 1], [1, 0, 1], best.threshold)).toEqual({ tp: 2, fp: 1, tn: 0, fn: 0 });
  });

  it('keeps the highest threshold among equally good ones', () => {
    // scores 4(a) 3(n) 2(n) 1(a): F1 at >=4: 2/3, >=3: 2/4, >=2: 2/5, >=1: 4/6 = 2/3 -> tie, keep >=4 (threshold 3)
    expect(f1Max([4, 3, 2, 1], [1, 0, 0, 1])).toEqual({ f1: 2 / 3, threshold: 3 });
  });

  it('is undefined without anomalous items', () => {
    expect(() => f1Max([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
  });
});

describe('trivialF1', () => {
  it('is 2p / (1 + p) for anomalous fraction p', () => {
    expect(trivialF1([0, 0, 0, 1])).toBe(0.4); // p = 1/4: (1/2) / (5/4) = 2/5
    expect(trivialF1([0, 1, 1, 0, 1, 0])).toBe(2 / 3); // p = 1/2: 1 / (3/2)
    expect(trivialF1([1, 1])).toBe(1);
    expect(trivialF1([0, 0])).toBe(0);
  });

  it('is undefined on no labels', () => {
    expect(() => trivialF1([])).toThrow(UndefinedMetricError);
  });
});
