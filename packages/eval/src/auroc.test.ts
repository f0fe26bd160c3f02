import { createRng } from '@anomaly-zoo/core';
import { auroc } from './auroc';
import { UndefinedMetricError } from './errors';
import { naiveAuroc } from '@anomaly-zoo/testing';

describe('auroc', () => {
  it('counts tied pairs as one half (midranks)', () => {
    // normal: 0.1, 0.4, 0.4    anomalous: 0.35, 0.8, 0.4
    // Pairs won by each anomalous score against the 3 normal ones (a tie counts 1/2):
    //   0.35 beats 0.1, loses to both 0.4s            -> 1
    //   0.8  beats all three                          -> 3
    //   0.4  beats 0.1, ties both 0.4s                -> 1 + 1/2 + 1/2 = 2
    // U = 6, AUROC = 6 / (3·3) = 2/3.
    // Midranks agree: sorted 0.1(1) 0.35(2) 0.4,0.4,0.4(ranks 3,4,5 -> 4 each) 0.8(6);
    // anomalous rank sum 2 + 4 + 6 = 12, U = 12 − 3·4/2 = 6.
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
    const labels = [0, 0, 1, 1, 1, 0];
    expect(auroc(scores, labels)).toBeCloseTo(2 / 3, 15);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auroc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
  });

  it('is 0.5 when every score ties, and for a balanced interleaving', () => {
    expect(auroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // anomalous 1 beats nothing, anomalous 4 beats both normals: U = 2, 2 / (2·2) = 0.5
    expect(auroc([1, 2, 3, 4], [1, 0, 0, 1])).toBe(0.5);
  });

  it('accepts typed arrays', () => {
    expect(auroc(new Float32Array([0.1, 0.9]), new Uint8Array([0, 1]))).toBe(1);
  });

  it('throws UndefinedMetricError when only one class is present', () => {
    expect(() => auroc([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
    expect(() => auroc([0.1, 0.2], [1, 1])).toThrow(UndefinedMetricError);
    expect(() => auroc([], [])).toThrow(UndefinedMetricError);
  });

  it('rejects mismatched lengths, labels other than 0/1 and non-finite scores', () => {
    expect(() => auroc([0.1, 0.2], [0])).toThrow(/differ in length/);
    expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(/labels\[1\]/);
    expect(() => auroc([0.1, NaN], [0, 1])).toThrow(/scores\[1\]/);
    expect(() => auroc([0.1, Infinity], [0, 1])).toThrow(/finite/);
  });

  it('matches the O(P·N) definition on random data with many ties', () => {
    const rng = createRng('auroc-vs-naive');
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + rng.int(200);
      const scores = Array.from({ length: n }, () => Math.round(rng.next() * 10) / 10);
      const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.next() < 0.3 ? 1 : 0));
      expect(auroc(scores, labels)).toBeCloseTo(naiveAuroc(scores, labels), 12);
    }
  });
});
