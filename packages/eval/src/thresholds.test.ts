import { createRng, UserError } from '@anomaly-zoo/core';
import { nextDown, nextUp } from './float-steps';
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

describe('chooseThreshold: target_fpr', () => {
  // normal scores 1..20 (shuffled), anomalous 50 and 0 are ignored
  const normals = [7, 3, 20, 11, 1, 15, 9, 18, 5, 13, 2, 19, 8, 16, 4, 12, 17, 6, 10, 14];
  const validation = { scores: [...normals, 50, 0], labels: [...normals.map(() => 0), 1, 1] };

  it.each([
    // k = ⌊α·20⌋ normal scores may lie above: threshold = the (20 − k)-th smallest = 20 − k
    [0.1, 18], // k = 2: 19 and 20 flagged, FPR exactly 0.1
    [0.05, 19], // k = 1
    [0.07, 19], // 0.07·20 = 1.4 -> k = 1
    [0.25, 15], // k = 5
    [0.01, 20], // 0.01·20 = 0.2 -> k = 0: the highest normal score
  ])('α = %p gives the hand-computed threshold %p', (alpha, expected) => {
    const threshold = chooseThreshold('target_fpr', validation, { targetFpr: alpha });
    expect(threshold.value).toBe(expected);
    const flagged = normals.filter((s) => s > threshold.value).length;
    expect(flagged / normals.length).toBeLessThanOrEqual(alpha);
  });

  it('defaults to α = 0.01 and says when the validation split is too small to resolve it', () => {
    const threshold = chooseThreshold('target_fpr', validation);
    expect(threshold.value).toBe(20);
    expect(threshold.note).toMatch(/resolve FPR steps of 0\.05/);
  });

  it('counts 100 normal images exactly: 0.07·100 is 7, not 7.000000000000001', () => {
    const hundred = normalOnly(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(chooseThreshold('target_fpr', hundred, { targetFpr: 0.07 }).value).toBe(93);
  });

  it('keeps ties at the threshold unflagged, so the validation FPR never exceeds α', () => {
    // sorted 1 2 5 5 5: k = ⌊0.4·5⌋ = 2 -> x₍3₎ = 5; no score lies above 5
    const threshold = chooseThreshold('target_fpr', normalOnly([5, 1, 5, 2, 5]), { targetFpr: 0.4 });
    expect(threshold.value).toBe(5);
  });

  it('rejects α outside (0, 1)', () => {
    expect(() => chooseThreshold('target_fpr', validation, { targetFpr: 0 })).toThrow(/strictly between 0 and 1/);
    expect(() => chooseThreshold('target_fpr', validation, { targetFpr: 1 })).toThrow(UserError);
  });
});

describe('chooseThreshold: target_recall', () => {
  // anomalous 4 6 8 10 (ascending), normal 1 5 7
  const validation = { scores: [8, 1, 4, 5, 10, 7, 6], labels: [1, 0, 1, 0, 1, 0, 1] };

  it.each([
    // r = ⌈β·4⌉ anomalous images flagged; threshold = the highest score below the r-th highest anomaly
    [0.25, 8], // r = 1: flag 10 only, the next score below is 8
    [0.5, 7], // r = 2: flag 10, 8; next below 8 is the normal 7
    [0.6, 5], // r = 3 (2.4 -> 3): flag >= 6; next below 6 is the normal 5
    [0.95, 1], // r = 4: flag >= 4; next below is the normal 1
  ])('β = %p gives the hand-computed threshold %p', (beta, expected) => {
    const threshold = chooseThreshold('target_recall', validation, { targetRecall: beta });
    expect(threshold.value).toBe(expected);
  });

  it('says so when reaching the recall flags every normal validation image', () => {
    // anomalies tie with the normal scores: r = 2 -> flag >= 1, which is every image
    const threshold = chooseThreshold('target_recall', { scores: [1, 2, 1, 2], labels: [0, 0, 1, 1] }, { targetRecall: 0.99 });
    expect(threshold.value).toBe(nextDown(1));
    expect(threshold.note).toMatch(/flags 2 of 2 anomalous and 2 of 2 normal .*no higher than normal images/);
    expect(chooseThreshold('target_recall', validation, { targetRecall: 0.5 }).note).not.toMatch(/no higher/);
  });

  it('goes just below the lowest anomaly when no validation score lies below it', () => {
    const threshold = chooseThreshold('target_recall', { scores: [3, 2, 9], labels: [1, 1, 0] }, { targetRecall: 0.9 });
    expect(threshold.value).toBe(nextDown(2));
  });

  it('needs anomalous validation images and says how to get them', () => {
    expect(() => chooseThreshold('target_recall', normalOnly([1, 2, 3]))).toThrow(/synthetic_anomalies/);
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
        ['target_fpr', { targetFpr: rng.uniform(0.001, 0.999) }],
      ] as const) {
        const { value } = chooseThreshold(strategy, normalOnly(scores), options);
        expect(value).toBeGreaterThan(min);
      }
    }
  });
});
