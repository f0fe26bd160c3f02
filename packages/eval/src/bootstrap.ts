import { createRng, UserError } from '@anomaly-zoo/core';
import { aurocOfSortedClasses } from './auroc';
import { isAnomalous } from './decision';
import { UndefinedMetricError } from './errors';
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
  const { resamples, level } = checkedOptions(options);
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
  return { estimate, ...percentileInterval(aurocs, level), level, resamples };
}

/**
 * Percentile bootstrap interval for the false-positive rate at `threshold` (anomalous iff score >
 * threshold): each resample draws the N normal items with replacement and counts those above the
 * threshold, so the interval reflects how few normal test images the realised FPR rests on. Needs
 * a normal item.
 */
export function bootstrapFprCI(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
  options: BootstrapOptions,
): ConfidenceInterval {
  const { resamples, level } = checkedOptions(options);
  const { negatives } = splitByClass(scores, labels);
  if (negatives.length === 0) throw new UndefinedMetricError('FPR is undefined: there are no normal items');
  const above = negatives.map((s) => (isAnomalous(s, threshold) ? 1 : 0));
  const estimate = above.reduce((a, b) => a + b, 0) / negatives.length;
  const rng = createRng(options.seed);
  const rates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let flagged = 0;
    for (let i = 0; i < negatives.length; i++) flagged += above[rng.int(negatives.length)] as number;
    rates[r] = flagged / negatives.length;
  }
  return { estimate, ...percentileInterval(rates, level), level, resamples };
}

function checkedOptions(options: BootstrapOptions): { resamples: number; level: number } {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new UserError(`bootstrap resamples must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new UserError(`bootstrap level must lie strictly between 0 and 1, got ${level}`);
  return { resamples, level };
}

/** Between the (1 − level)/2 and (1 + level)/2 quantiles of the resampled values (linear interpolation). */
function percentileInterval(values: Float64Array, level: number): { low: number; high: number } {
  const tail = ((1 - level) / 2) * 100;
  return { low: percentile(values, tail), high: percentile(values, 100 - tail) };
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
