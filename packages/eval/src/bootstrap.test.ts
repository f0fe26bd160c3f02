import { UserError } from '@anomaly-zoo/core';
import { auroc } from './auroc';
import { bootstrapAurocCI, bootstrapFprCI } from './bootstrap';
import { UndefinedMetricError } from './errors';

// 12 normal and 8 anomalous images whose score ranges overlap
const scores = [0.1, 0.15, 0.2, 0.22, 0.3, 0.31, 0.35, 0.4, 0.42, 0.5, 0.55, 0.6, 0.33, 0.45, 0.5, 0.58, 0.7, 0.75, 0.8, 0.9];
const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

describe('bootstrapAurocCI', () => {
  it('is deterministic for a fixed seed', () => {
    const a = bootstrapAurocCI(scores, labels, { seed: 7 });
    const b = bootstrapAurocCI(scores, labels, { seed: 7 });
    expect(a).toEqual(b);
    expect(bootstrapAurocCI(scores, labels, { seed: 8 })).not.toEqual(a);
  });

  it('contains the point estimate and stays within [0, 1]', () => {
    const ci = bootstrapAurocCI(scores, labels, { seed: 'ci', resamples: 500 });
    expect(ci.estimate).toBe(auroc(scores, labels));
    expect(ci.low).toBeGreaterThanOrEqual(0);
    expect(ci.low).toBeLessThanOrEqual(ci.estimate);
    expect(ci.high).toBeGreaterThanOrEqual(ci.estimate);
    expect(ci.high).toBeLessThanOrEqual(1);
    expect(ci.low).toBeLessThan(ci.high);
    expect(ci).toMatchObject({ level: 0.95, resamples: 500 });
  });

  it('narrows with the level (same seed, same resamples)', () => {
    const wide = bootstrapAurocCI(scores, labels, { seed: 3, level: 0.95 });
    const narrow = bootstrapAurocCI(scores, labels, { seed: 3, level: 0.5 });
    expect(narrow.low).toBeGreaterThanOrEqual(wide.low);
    expect(narrow.high).toBeLessThanOrEqual(wide.high);
  });

  it('is [1, 1] for perfectly separated classes', () => {
    // Stratified resamples keep every anomalous score above every normal one, so each AUROC is 1.
    expect(bootstrapAurocCI([0.1, 0.2, 0.3, 0.8, 0.9], [0, 0, 0, 1, 1], { seed: 1, resamples: 50 })).toMatchObject({
      estimate: 1,
      low: 1,
      high: 1,
    });
  });

  it('is undefined with one class and rejects bad options', () => {
    expect(() => bootstrapAurocCI([0.1, 0.2], [0, 0], { seed: 1 })).toThrow(UndefinedMetricError);
    expect(() => bootstrapAurocCI(scores, labels, { seed: 1, resamples: 0 })).toThrow(UserError);
    expect(() => bootstrapAurocCI(scores, labels, { seed: 1, level: 1 })).toThrow(UserError);
  });
});

describe('bootstrapFprCI', () => {
  it('estimates the share of normal items above the threshold, anomalous ones ignored', () => {
    // normal scores above 0.45: 0.5, 0.55, 0.6 -> 3 of 12
    const ci = bootstrapFprCI(scores, labels, 0.45, { seed: 5 });
    expect(ci.estimate).toBe(0.25);
    expect(ci.low).toBeLessThan(0.25);
    expect(ci.high).toBeGreaterThan(0.25);
    expect(bootstrapFprCI(scores, labels, 0.45, { seed: 5 })).toEqual(ci);
  });

  it('matches the binomial spread on many normal items', () => {
    // 2000 evenly spread normal scores, 20 above the threshold: FPR 0.01 with standard error sqrt(0.01·0.99/2000)
    const many = Array.from({ length: 2000 }, (_, i) => i / 2000);
    const ci = bootstrapFprCI(many, many.map(() => 0), many[1979]!, { seed: 9, resamples: 2000 });
    expect(ci.estimate).toBe(0.01);
    const halfWidth = 1.96 * Math.sqrt((0.01 * 0.99) / 2000);
    expect((ci.high - ci.low) / 2).toBeGreaterThan(0.8 * halfWidth);
    expect((ci.high - ci.low) / 2).toBeLessThan(1.2 * halfWidth);
  });

  it('is [0, 0] when no normal item lies above the threshold, and undefined without normal items', () => {
    expect(bootstrapFprCI(scores, labels, 0.6, { seed: 2, resamples: 50 })).toMatchObject({ estimate: 0, low: 0, high: 0 });
    expect(() => bootstrapFprCI([0.3, 0.9], [1, 1], 0.5, { seed: 1 })).toThrow(UndefinedMetricError);
  });
});
