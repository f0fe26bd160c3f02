import { createRng, UserError } from '@anomaly-zoo/core';
import { aurocOfSortedClasses } from './auroc';
import { splitByClass } from './split-by-class';
import { percentile } from './summary-stats';

export interface BootstrapOptions {
  seed: number | string;
  /** Default 1000. */
  resamples?: number;
  /** Coverage of the interval, default 0.95. */
  level?: number;
}

export interface ConfidenceInterval {
  /** AUROC of the data as given. */
  estimate: number;
  low: number;
  high: number;
  level: number;
  resamples: number;
}

/**
 * Percentile bootstrap interval for AUROC. Each resample draws P anomalous and N normal items with
 * replacement from their own class (stratified), so every resample keeps both classes and its AUROC
 * is defined. The interval runs between the (1 − level)/2 and (1 + level)/2 quantiles of the
 * resampled AUROCs (linear interpolation). Same seed, same interval.
 */
export function bootstrapAurocCI(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: BootstrapOptions,
): ConfidenceInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new UserError(`bootstrap resamples must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new UserError(`bootstrap level must lie strictly between 0 and 1, got ${level}`);

  const { positives, negatives } = splitByClass(scores, labels);
  const estimate = aurocOfSortedClasses(positives, negatives);
  const rng = createRng(options.seed);
  const next = (): number => rng.next();
  const aurocs = new Float64Array(resamples);
  const positiveSample = new Float64Array(positives.length);
  const negativeSample = new Float64Array(negatives.length);
  for (let r = 0; r < resamples; r++) {
    resampleSorted(positives, positiveSample, next);
    resampleSorted(negatives, negativeSample, next);
    aurocs[r] = aurocOfSortedClasses(positiveSample, negativeSample);
  }
  const tail = ((1 - level) / 2) * 100;
  return { estimate, low: percentile(aurocs, tail), high: percentile(aurocs, 100 - tail), level, resamples };
}

/**
 * Fills `out` with a with-replacement sample of `sorted`, itself sorted: drawing indices and
 * sorting them keeps the values sorted because the source is.
 */
function resampleSorted(sorted: Float64Array, out: Float64Array, next: () => number): void {
  const indices = new Uint32Array(out.length);
  for (let i = 0; i < indices.length; i++) indices[i] = Math.floor(next() * sorted.length);
  indices.sort();
  for (let i = 0; i < indices.length; i++) out[i] = sorted[indices[i] as number] as number;
}
