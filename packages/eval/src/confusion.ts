import { isAnomalous } from './decision';
import { checkScoresAndLabels } from './inputs';

export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts under the package convention: an item is predicted anomalous iff score > threshold. */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ConfusionCounts {
  checkScoresAndLabels(scores, labels);
  if (Number.isNaN(threshold)) throw new Error('confusionAt: threshold is NaN');
  const counts: ConfusionCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const flagged = isAnomalous(scores[i] as number, threshold);
    if (labels[i] === 1) {
      if (flagged) counts.tp++;
      else counts.fn++;
    } else if (flagged) counts.fp++;
    else counts.tn++;
  }
  return counts;
}

// The ratios below are 0 when their denominator is 0 (scikit-learn's zero_division=0).

/** tp / (tp + fp) */
export function precision(c: ConfusionCounts): number {
  return ratioOrZero(c.tp, c.tp + c.fp);
}

/** tp / (tp + fn), the true-positive rate. */
export function recall(c: ConfusionCounts): number {
  return ratioOrZero(c.tp, c.tp + c.fn);
}

/** tn / (tn + fp), the true-negative rate. */
export function specificity(c: ConfusionCounts): number {
  return ratioOrZero(c.tn, c.tn + c.fp);
}

/** 2tp / (2tp + fp + fn), the harmonic mean of precision and recall. */
export function f1(c: ConfusionCounts): number {
  return ratioOrZero(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
