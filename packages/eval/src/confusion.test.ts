import { confusionAt, f1, precision, recall, specificity } from './confusion';

describe('confusionAt', () => {
  it('predicts anomalous only when the score is strictly above the threshold', () => {
    // threshold 0.4: flagged are 0.8 (anomalous) and 0.5 (normal); the 0.4s sit on the threshold -> normal
    const scores = [0.1, 0.4, 0.4, 0.8, 0.5, 0.2];
    const labels = [0, 0, 1, 1, 0, 1];
    expect(confusionAt(scores, labels, 0.4)).toEqual({ tp: 1, fp: 1, tn: 2, fn: 2 });
  });

  it('flags nothing at a threshold equal to the highest score', () => {
    expect(confusionAt([0.3, 0.9], [0, 1], 0.9)).toEqual({ tp: 0, fp: 0, tn: 1, fn: 1 });
  });
});

describe('ratios from counts', () => {
  it('follows the textbook definitions', () => {
    const c = { tp: 3, fp: 2, tn: 1, fn: 0 };
    expect(precision(c)).toBe(3 / 5);
    expect(recall(c)).toBe(1);
    expect(specificity(c)).toBe(1 / 3);
    expect(f1(c)).toBe(6 / 8); // 2·3 / (2·3 + 2 + 0)
  });

  it('is 0 when the denominator is 0', () => {
    const none = { tp: 0, fp: 0, tn: 0, fn: 0 };
    expect([precision(none), recall(none), specificity(none), f1(none)]).toEqual([0, 0, 0, 0]);
  });
});
