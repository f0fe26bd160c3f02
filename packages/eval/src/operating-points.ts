import { confusionAt, f1, precision, recall } from './confusion';
import { chooseThreshold } from './thresholds';

/** One row of the threshold table: the test-split rates at one threshold. */
export interface OperatingPoint {
  /** 'chosen' for the run's threshold, otherwise the largest test FPR the row's threshold allows. */
  at: 'chosen' | number;
  threshold: number;
  fpr: number;
  recall: number;
  precision: number;
  f1: number;
}

/** The test FPR limits of the threshold table besides the chosen threshold. */
export const TABLE_FPRS = [0.001, 0.01, 0.05] as const;

/**
 * The threshold table on the TEST split: the rates at the chosen threshold, and at the highest
 * threshold keeping at most α of the test normal images above it for each α of TABLE_FPRS (the
 * threshold target_fpr would pick were the test normals its validation split). Those rows look at
 * the test labels, so they describe what an operating point would give, never how to pick one.
 * Needs both classes.
 */
export function operatingPointTable(scores: ArrayLike<number>, labels: ArrayLike<number>, chosen: number): OperatingPoint[] {
  const row = (at: OperatingPoint['at'], threshold: number): OperatingPoint => {
    const c = confusionAt(scores, labels, threshold);
    return { at, threshold, fpr: c.fp / (c.fp + c.tn), recall: recall(c), precision: precision(c), f1: f1(c) };
  };
  return [
    row('chosen', chosen),
    ...TABLE_FPRS.map((alpha) => row(alpha, chooseThreshold('target_fpr', { scores, labels }, { targetFpr: alpha }).value)),
  ];
}
