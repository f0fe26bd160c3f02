import { createRng, UserError } from '@anomaly-zoo/core';
import { nextUp } from './float-steps';
import { chooseThreshold } from './thresholds';

const normalOnly = (scores: number[]) => ({ scores, labels: scores.map(() => 0) });

describe('chooseThreshold: adaptive_f1', () => {
  it('maximises F1 when validation holds both classes', () => {
    // Tied example: best F1 = 0.75 by flagging scores >= 0.35, i.e. threshold 0.1 (see f1.test.ts)
    const validation = { scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.4], labels: [0, 0, 1, 1, 1, 0] };
    const threshold = chooseThreshold('adaptive_f1', validation);
    expect(threshold.value).toBe(0.1);
    expect(threshold.strategy).toBe('adaptive_f1');
  });

  describe('with only normal validation images', () => {
    const cases: Array<[string, number[], number]> = [
      // 1 image: all scores equal -> just above the score
      ['1 image', [0.3], nextUp(0.3)],
      // sorted 0.2 0.6, position 0.99: 0.2 + 0.99·0.4 = 0.596
      ['2 images', [0.6, 0.2], 0.596],
      // sorted 0.1 0.3 0.5, position 1.98: 0.3 + 0.98·0.2 = 0.496
      ['3 images', [0.5, 0.1, 0.3], 0.496],
      // 1..20, position 18.81: 19 + 0.81·1 = 19.81
      ['20 images', Array.from({ length: 20 }, (_, i) => 20 - i), 19.81],
      ['all-equal scores', [0.7, 0.7, 0.7, 0.7], nextUp(0.7)],
    ];

    it.each(cases)('%s: the 99th percentile, kept above the lowest normal score', (_, scores, expected) => {
      const threshold = chooseThreshold('adaptive_f1', normalOnly(scores));
      expect(threshold.value).toBeCloseTo(expected, 12);
      expect(threshold.value).toBeGreaterThan(Math.min(...scores));
      expect(threshold.note).toMatch(/only normal images/);
    });

    it('never flags a validation image when all scores are equal', () => {
      const { value } = chooseThreshold('adaptive_f1', normalOnly([0.7, 0.7]));
      expect(0.7 > value).toBe(false);
      expect(0.7 >= value).toBe(false);
    });

    it('uses the highest score when the percentile lands on the lowest', () => {
      // sorted 1 1 1 5, 50th percentile at position 1.5: 1 + 0.5·(1 − 1) = 1 = min -> use max 5
      const threshold = chooseThreshold('adaptive_f1', normalOnly([1, 5, 1, 1]), { percentile: 50 });
      expect(threshold.value).toBe(5);
      expect(threshold.note).toMatch(/highest score/);
    });
  });

  it('throws UserError on an empty or anomalous-only validation split', () => {
    expect(() => chooseThreshold('adaptive_f1', { scores: [], labels: [] })).toThrow(UserError);
    expect(() => chooseThreshold('adaptive_f1', { scores: [0.4, 0.9], labels: [1, 1] })).toThrow(/no normal images/);
  });
});

describe('chooseThreshold: percentile', () => {
  // normal 1..5 (sorted), the anomalous 100 is ignored
  const validation = { scores: [3, 100, 1, 5, 2, 4], labels: [0, 1, 0, 0, 0, 0] };

  it('takes the q-th percentile of normal validation scores', () => {
    expect(chooseThreshold('percentile', validation, { percentile: 90 }).value).toBeCloseTo(4.6, 12); // 4 + 0.6·1
    expect(chooseThreshold('percentile', validation).value).toBeCloseTo(4.96, 12); // q = 99: position 3.96
  });

  it('rejects q outside [0, 100] and splits without normal images', () => {
    expect(() => chooseThreshold('percentile', validation, { percentile: 150 })).toThrow(UserError);
    expect(() => chooseThreshold('percentile', { scores: [1], labels: [1] })).toThrow(UserError);
  });
});

describe('chooseThreshold: mean_std', () => {
  it('is mean + k·(population std) of normal validation scores', () => {
    // mean 5, population std 2 (see summary-stats.test.ts)
    const validation = normalOnly([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(chooseThreshold('mean_std', validation).value).toBe(6); // k = 0.5
    expect(chooseThreshold('mean_std', validation, { k: 2 }).value).toBe(9);
    expect(() => chooseThreshold('mean_std', validation, { k: NaN })).toThrow(UserError);
  });
});

describe('chooseThreshold: manual', () => {
  it('returns the given value, validation or not', () => {
    expect(chooseThreshold('manual', { scores: [], labels: [] }, { value: 0.42 })).toEqual({ value: 0.42, strategy: 'manual' });
    expect(() => chooseThreshold('manual', { scores: [], labels: [] })).toThrow(UserError);
  });
});

it('rejects an unknown strategy with UserError', () => {
  expect(() => chooseThreshold('otsu', normalOnly([1]))).toThrow(/unknown threshold strategy "otsu"/);
});

describe('a normal-only validation split never gives a threshold at or below its lowest score', () => {
  it('lifts percentile and mean_std when they land on the minimum', () => {
    // q = 0 is the minimum 1 -> the highest score 3
    const percentileZero = chooseThreshold('percentile', normalOnly([1, 3, 2]), { percentile: 0 });
    expect(percentileZero.value).toBe(3);
    expect(percentileZero.note).toMatch(/at or below the lowest/);
    // mean 2, std sqrt(2/3); k = -3 gives 2 − 2.449 < 1 -> 3
    expect(chooseThreshold('mean_std', normalOnly([1, 3, 2]), { k: -3 }).value).toBe(3);
    // all equal: std 0, mean + k·std = 0.5 = min -> just above
    expect(chooseThreshold('mean_std', normalOnly([0.5, 0.5])).value).toBe(nextUp(0.5));
  });

  it('holds for every data-driven strategy on many random splits, ties and tiny ones included', () => {
    const rng = createRng('threshold-floor');
    for (let trial = 0; trial < 300; trial++) {
      const size = 1 + rng.int(12);
      // Coarse values so that ties are common.
      const scores = Array.from({ length: size }, () => rng.int(4) / 4);
      const min = Math.min(...scores);
      for (const [strategy, options] of [
        ['adaptive_f1', { percentile: rng.int(101) }],
        ['percentile', { percentile: rng.int(101) }],
        ['mean_std', { k: rng.uniform(-3, 3) }],
      ] as const) {
        const { value } = chooseThreshold(strategy, normalOnly(scores), options);
        expect(value).toBeGreaterThan(min);
      }
    }
  });
});
