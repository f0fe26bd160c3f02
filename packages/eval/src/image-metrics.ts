import { UserError } from '@anomaly-zoo/core';
import { auroc } from './auroc';
import { averagePrecision } from './average-precision';
import { ConfusionCounts, confusionAt, f1, precision, recall, specificity } from './confusion';
import { f1Max, trivialF1 } from './f1';
import { checkScoresAndLabels, countPositives } from './inputs';

export interface ImageMetricsInput {
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
  /** An image is predicted anomalous iff its score > threshold. */
  threshold: number;
}

/**
 * Image-level results as plain JSON: a metric that the test split cannot define is null, never NaN,
 * and `notes` says why.
 */
export interface ImageMetrics {
  image_auroc: number | null;
  image_aupr: number | null;
  image_f1: number | null;
  image_f1_baseline: number | null;
  image_f1max: number | null;
  image_precision: number | null;
  image_recall: number | null;
  image_specificity: number | null;
  threshold: number;
  confusion: ConfusionCounts;
  counts: { normal: number; anomalous: number };
  notes: string[];
}

export function imageMetrics({ scores, labels, threshold }: ImageMetricsInput): ImageMetrics {
  checkScoresAndLabels(scores, labels);
  if (scores.length === 0) throw new UserError('image metrics: the test split has no images');
  if (!Number.isFinite(threshold)) throw new Error(`image metrics: threshold is ${threshold}`);
  const anomalous = countPositives(labels);
  const normal = scores.length - anomalous;
  const confusion = confusionAt(scores, labels, threshold);
  const notes: string[] = [];
  const hasBothClasses = anomalous > 0 && normal > 0;

  if (anomalous === 0) {
    notes.push(
      'undefined: test split has only normal images, so AUROC, AUPR, F1, F1max, the F1 baseline, precision and recall are null',
    );
  } else if (confusion.tp + confusion.fp === 0) {
    notes.push('no image scored above the threshold: precision is 0/0, reported as 0 by convention');
  }
  if (normal === 0) {
    notes.push(
      'undefined: test split has only anomalous images, so AUROC and specificity are null (AUPR, F1max and the F1 baseline are trivially 1)',
    );
  }

  return {
    image_auroc: hasBothClasses ? auroc(scores, labels) : null,
    image_aupr: anomalous > 0 ? averagePrecision(scores, labels) : null,
    image_f1: anomalous > 0 ? f1(confusion) : null,
    image_f1_baseline: anomalous > 0 ? trivialF1(labels) : null,
    image_f1max: anomalous > 0 ? f1Max(scores, labels).f1 : null,
    image_precision: anomalous > 0 ? precision(confusion) : null,
    image_recall: anomalous > 0 ? recall(confusion) : null,
    image_specificity: normal > 0 ? specificity(confusion) : null,
    threshold,
    confusion,
    counts: { normal, anomalous },
    notes,
  };
}
