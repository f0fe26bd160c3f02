import { UndefinedMetricError } from './errors';
import { thresholdOfOperatingPoint, thresholdSweep } from './threshold-sweep';

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** thresholds[i] reproduces point i under "anomalous iff score > threshold". */
  thresholds: number[];
}

export interface PrCurve {
  precision: number[];
  recall: number[];
  thresholds: number[];
}

/**
 * ROC points from (0,0) (nothing flagged, threshold = the highest score) to (1,1), one point per
 * distinct score, so tied scores collapse into one point. Needs both classes.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const sweep = thresholdSweep(scores, labels);
  if (sweep.positives === 0 || sweep.negatives === 0) {
    throw new UndefinedMetricError('ROC curve is undefined: it needs both normal and anomalous items');
  }
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [sweep.distinct[0] as number] };
  for (let i = 0; i < sweep.distinct.length; i++) {
    curve.fpr.push((sweep.fp[i] as number) / sweep.negatives);
    curve.tpr.push((sweep.tp[i] as number) / sweep.positives);
    curve.thresholds.push(thresholdOfOperatingPoint(sweep, i));
  }
  return curve;
}

/**
 * Precision–recall points in order of rising recall, one per distinct score (ties collapse).
 * The "nothing flagged" point is left out: its precision is 0/0. Needs at least one anomalous item.
 */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): PrCurve {
  const sweep = thresholdSweep(scores, labels);
  if (sweep.positives === 0) {
    throw new UndefinedMetricError('precision-recall curve is undefined: there are no anomalous items');
  }
  const curve: PrCurve = { precision: [], recall: [], thresholds: [] };
  for (let i = 0; i < sweep.distinct.length; i++) {
    const tp = sweep.tp[i] as number;
    curve.precision.push(tp / (tp + (sweep.fp[i] as number)));
    curve.recall.push(tp / sweep.positives);
    curve.thresholds.push(thresholdOfOperatingPoint(sweep, i));
  }
  return curve;
}
