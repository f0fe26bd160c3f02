import { nextDown } from './float-steps';
import { splitByClass } from './split-by-class';

/**
 * Every operating point of a score ranking, ties collapsed: operating point i flags as anomalous
 * all items scoring >= distinct[i] (the distinct scores run highest first).
 */
export interface ThresholdSweep {
  distinct: Float64Array;
  /** Anomalous items scoring >= distinct[i]. */
  tp: Float64Array;
  /** Normal items scoring >= distinct[i]. */
  fp: Float64Array;
  positives: number;
  negatives: number;
}

export function thresholdSweep(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdSweep {
  const { positives: pos, negatives: neg } = splitByClass(scores, labels);
  const capacity = pos.length + neg.length;
  const distinct = new Float64Array(capacity);
  const tp = new Float64Array(capacity);
  const fp = new Float64Array(capacity);
  // Merge both ascending arrays from their top ends, one distinct score per step.
  let i = pos.length - 1;
  let j = neg.length - 1;
  let k = 0;
  let truePositives = 0;
  let falsePositives = 0;
  while (i >= 0 || j >= 0) {
    const score = Math.max(i >= 0 ? (pos[i] as number) : -Infinity, j >= 0 ? (neg[j] as number) : -Infinity);
    while (i >= 0 && pos[i] === score) { truePositives++; i--; }
    while (j >= 0 && neg[j] === score) { falsePositives++; j--; }
    distinct[k] = score;
    tp[k] = truePositives;
    fp[k] = falsePositives;
    k++;
  }
  return {
    distinct: distinct.slice(0, k),
    tp: tp.slice(0, k),
    fp: fp.slice(0, k),
    positives: pos.length,
    negatives: neg.length,
  };
}

/**
 * The threshold that reproduces operating point i under the package convention
 * (anomalous iff score > threshold): the highest score still called normal, or, when
 * every item is flagged, the largest double below the lowest score.
 */
export function thresholdOfOperatingPoint(sweep: ThresholdSweep, i: number): number {
  const next = i + 1;
  return next < sweep.distinct.length ? (sweep.distinct[next] as number) : nextDown(sweep.distinct[i] as number);
}
