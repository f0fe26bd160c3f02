import { UserError } from '@anomaly-zoo/core';
import { imageMetrics } from './image-metrics';

describe('imageMetrics', () => {
  it('reports every metric for a two-class split', () => {
    // Tied example (normal 0.1 0.4 0.4, anomalous 0.35 0.8 0.4) at threshold 0.4:
    // only 0.8 is above it -> tp 1, fp 0, tn 3, fn 2
    // precision 1/1, recall 1/3, specificity 3/3, F1 = 2/(2 + 0 + 2) = 0.5
    // AUROC 2/3 (auroc.test.ts), AP 0.7 (average-precision.test.ts), F1max 0.75 (f1.test.ts), baseline 2/3 (p = 1/2)
    const m = imageMetrics({ scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.4], labels: [0, 0, 1, 1, 1, 0], threshold: 0.4 });
    expect(m.confusion).toEqual({ tp: 1, fp: 0, tn: 3, fn: 2 });
    expect(m.counts).toEqual({ normal: 3, anomalous: 3 });
    expect(m.image_precision).toBe(1);
    expect(m.image_recall).toBe(1 / 3);
    expect(m.image_specificity).toBe(1);
    expect(m.image_f1).toBe(0.5);
    expect(m.image_auroc).toBeCloseTo(2 / 3, 15);
    expect(m.image_aupr).toBeCloseTo(0.7, 15);
    expect(m.image_f1max).toBe(0.75);
    expect(m.image_f1_baseline).toBe(2 / 3);
    expect(m.threshold).toBe(0.4);
    expect(m.notes).toEqual([]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('gives null plus a note, never NaN, when the split has only normal images', () => {
    // threshold 0.15 flags 0.2 and 0.3: fp 2, tn 1 -> specificity 1/3
    const m = imageMetrics({ scores: [0.1, 0.2, 0.3], labels: [0, 0, 0], threshold: 0.15 });
    expect(m.image_specificity).toBe(1 / 3);
    for (const key of ['image_auroc', 'image_aupr', 'image_f1', 'image_f1_baseline', 'image_f1max', 'image_precision', 'image_recall'] as const) {
      expect(m[key]).toBeNull();
    }
    expect(m.notes).toHaveLength(1);
    expect(m.notes[0]).toMatch(/undefined: test split has only normal images/);
    expect(JSON.stringify(m)).not.toMatch(/NaN/);
  });

  it('gives null AUROC and specificity when the split has only anomalous images', () => {
    // threshold 0.15 flags 0.2 only: tp 1, fn 1 -> precision 1, recall 1/2, F1 = 2/(2 + 0 + 1)
    const m = imageMetrics({ scores: [0.1, 0.2], labels: [1, 1], threshold: 0.15 });
    expect(m.image_auroc).toBeNull();
    expect(m.image_specificity).toBeNull();
    expect(m.image_precision).toBe(1);
    expect(m.image_recall).toBe(0.5);
    expect(m.image_f1).toBe(2 / 3);
    expect([m.image_aupr, m.image_f1max, m.image_f1_baseline]).toEqual([1, 1, 1]);
    expect(m.notes[0]).toMatch(/only anomalous images/);
  });

  it('notes the 0/0 precision when nothing scores above the threshold', () => {
    const m = imageMetrics({ scores: [0.1, 0.9], labels: [0, 1], threshold: 0.9 });
    expect(m.image_precision).toBe(0);
    expect(m.image_f1).toBe(0); // 0 / (0 + 0 + 1)
    expect(m.notes[0]).toMatch(/reported as 0 by convention/);
  });

  it('rejects an empty split and a non-finite threshold', () => {
    expect(() => imageMetrics({ scores: [], labels: [], threshold: 0.5 })).toThrow(UserError);
    expect(() => imageMetrics({ scores: [0.1], labels: [0], threshold: NaN })).toThrow(/threshold/);
  });
});
