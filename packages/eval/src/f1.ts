import { f1 } from './confusion';
import { UndefinedMetricError } from './errors';
import { checkLabels, countPositives } from './inputs';
import { thresholdOfOperatingPoint, thresholdSweep } from './threshold-sweep';

export interface F1Max {
  f1: number;
  /** Reproduces the F1 under "anomalous iff score > threshold". */
  threshold: number;
}

/**
 * The best F1 over every distinct threshold. Among equally good thresholds the highest one wins
 * (fewest items flagged). Needs at least one anomalous item.
 */
export function f1Max(scores: ArrayLike<number>, labels: ArrayLike<number>): F1Max {
  const sweep = thresholdSweep(scores, labels);
  if (sweep.positives === 0) throw new UndefinedMetricError('F1 is undefined: there are no anomalous items');
  let best = -1;
  let bestIndex = 0;
  for (let i = 0; i < sweep.distinct.length; i++) {
    const tp = sweep.tp[i] as number;
    const fp = sweep.fp[i] as number;
    const score = f1({ tp, fp, fn: sweep.positives - tp, tn: sweep.negatives - fp });
    if (score > best) {
      best = score;
      bestIndex = i;
    }
  }
  return { f1: best, threshold: thresholdOfOperatingPoint(sweep, bestIndex) };
}

/**
 * F1 of the classifier that calls every item anomalous: 2p / (1 + p), p the anomalous fraction.
 * The floor any F1 should be compared against. Throws UndefinedMetricError on no labels.
 */
export function trivialF1(labels: ArrayLike<number>): number {
  checkLabels(labels);
  if (labels.length === 0) throw new UndefinedMetricError('F1 baseline is undefined: there are no items');
  const positives = countPositives(labels);
  return f1({ tp: positives, fp: labels.length - positives, tn: 0, fn: 0 });
}
