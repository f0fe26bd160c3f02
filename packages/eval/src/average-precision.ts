import { prCurve } from './curves';

/**
 * Area under the precision–recall curve as step-wise average precision (scikit-learn's definition):
 * AP = Σ_i (R_i − R_{i−1}) · P_i over the distinct scores, highest first, with R_{−1} = 0.
 * No interpolation. Needs at least one anomalous item; with no normal items it is 1.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { precision, recall } = prCurve(scores, labels);
  let ap = 0;
  let previousRecall = 0;
  for (let i = 0; i < recall.length; i++) {
    ap += ((recall[i] as number) - previousRecall) * (precision[i] as number);
    previousRecall = recall[i] as number;
  }
  return ap;
}
