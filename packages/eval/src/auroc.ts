import { UndefinedMetricError } from './errors';
import { splitByClass } from './split-by-class';

/**
 * Area under the ROC curve, exact: the Mann–Whitney U statistic over P·N, where a tied
 * (anomalous, normal) pair counts 1/2. This equals the midrank formula
 * U = (sum of midranks of anomalous items) − P(P+1)/2. O(n log n) time, 8 bytes per item.
 * Throws UndefinedMetricError unless both classes are present.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { positives, negatives } = splitByClass(scores, labels);
  return aurocOfSortedClasses(positives, negatives);
}

/** AUROC from each class's scores, both sorted ascending. O(P + N). */
export function aurocOfSortedClasses(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const p = positives.length;
  const n = negatives.length;
  if (p === 0 || n === 0) {
    throw new UndefinedMetricError(
      p === 0 ? 'AUROC is undefined: there are no anomalous items' : 'AUROC is undefined: there are no normal items',
    );
  }
  // Walk the positives upwards; `below` and `belowOrEqual` count the negatives under each one.
  // Twice U is an integer, so the sum stays exact in a double up to 2^53.
  let twiceU = 0;
  let below = 0;
  let belowOrEqual = 0;
  for (let i = 0; i < p; i++) {
    const score = positives[i] as number;
    while (below < n && (negatives[below] as number) < score) below++;
    if (belowOrEqual < below) belowOrEqual = below;
    while (belowOrEqual < n && (negatives[belowOrEqual] as number) <= score) belowOrEqual++;
    twiceU += below + belowOrEqual;
  }
  return twiceU / (2 * p * n);
}
