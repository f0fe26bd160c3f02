import { auroc } from './auroc';
import { confusionAt } from './confusion';
import { prCurve, rocCurve } from './curves';
import { UndefinedMetricError } from './errors';
import { nextDown } from './float-steps';

// normal: 0.1, 0.4, 0.4    anomalous: 0.35, 0.8, 0.4    (P = N = 3)
// Flagging everything scoring >= each distinct score, highest first:
//   >= 0.8 : tp 1, fp 0     >= 0.4 : tp 2, fp 2     >= 0.35 : tp 3, fp 2     >= 0.1 : tp 3, fp 3
const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
const labels = [0, 0, 1, 1, 1, 0];

describe('rocCurve', () => {
  it('has one point per distinct score, from (0,0) to (1,1)', () => {
    const roc = rocCurve(scores, labels);
    expect(roc.fpr).toEqual([0, 0, 2 / 3, 2 / 3, 1]);
    expect(roc.tpr).toEqual([0, 1 / 3, 2 / 3, 1, 1]);
    // Each threshold is the highest score still called normal at that point.
    expect(roc.thresholds).toEqual([0.8, 0.4, 0.35, 0.1, nextDown(0.1)]);
  });

  it('has thresholds that reproduce each point under "anomalous iff score > threshold"', () => {
    const roc = rocCurve(scores, labels);
    roc.thresholds.forEach((threshold, i) => {
      const c = confusionAt(scores, labels, threshold);
      expect(c.fp / 3).toBe(roc.fpr[i]);
      expect(c.tp / 3).toBe(roc.tpr[i]);
    });
  });

  it('has a trapezoid area equal to the midrank AUROC', () => {
    // Widths × mean heights: 0·… + (2/3)·(1/3 + 2/3)/2 + 0·… + (1/3)·1 = 1/3 + 1/3 = 2/3.
    const { fpr, tpr } = rocCurve(scores, labels);
    let area = 0;
    for (let i = 1; i < fpr.length; i++) {
      area += ((fpr[i] as number) - (fpr[i - 1] as number)) * (((tpr[i] as number) + (tpr[i - 1] as number)) / 2);
    }
    expect(area).toBeCloseTo(2 / 3, 15);
    expect(area).toBeCloseTo(auroc(scores, labels), 15);
  });

  it('needs both classes', () => {
    expect(() => rocCurve([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
  });
});

describe('prCurve', () => {
  it('has one point per distinct score in order of rising recall', () => {
    // precision tp/(tp+fp): 1/1, 2/4, 3/5, 3/6; recall tp/3: 1/3, 2/3, 1, 1
    const pr = prCurve(scores, labels);
    expect(pr.precision).toEqual([1, 0.5, 0.6, 0.5]);
    expect(pr.recall).toEqual([1 / 3, 2 / 3, 1, 1]);
    expect(pr.thresholds).toEqual([0.4, 0.35, 0.1, nextDown(0.1)]);
  });

  it('needs anomalous items', () => {
    expect(() => prCurve([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
  });
});
