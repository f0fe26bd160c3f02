import { UserError } from '@anomaly-zoo/core';
import { f1Max } from './f1';
import { nextUp } from './float-steps';
import { checkScoresAndLabels } from './inputs';
import { mean, percentile, populationStd } from './summary-stats';
import { thresholdOfOperatingPoint, thresholdSweep } from './threshold-sweep';

export const THRESHOLD_STRATEGIES = ['adaptive_f1', 'percentile', 'mean_std', 'target_fpr', 'target_recall', 'manual'] as const;
export type ThresholdStrategy = (typeof THRESHOLD_STRATEGIES)[number];

export interface ValidationScores {
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export interface ThresholdOptions {
  /** Percentile of normal validation scores for `percentile`, and for `adaptive_f1` on normal-only validation. Default 99. */
  percentile?: number;
  /** Multiplier of the standard deviation for `mean_std`. Default 0.5. */
  k?: number;
  /** The threshold for `manual`. */
  value?: number;
  /** Largest share of normal validation images allowed above the threshold, for `target_fpr`. Default 0.01. */
  targetFpr?: number;
  /** Smallest share of anomalous validation images to flag, for `target_recall`. Default 0.95. */
  targetRecall?: number;
}

/** A threshold under the package convention: an image is anomalous iff its score > value. */
export interface Threshold {
  value: number;
  strategy: string;
  note?: string;
}

const DEFAULT_PERCENTILE = 99;
const DEFAULT_K = 0.5;
const DEFAULT_TARGET_FPR = 0.01;
const DEFAULT_TARGET_RECALL = 0.95;
/** Guards floor/ceil of shares × counts against products like 0.07·100 = 7.000000000000001. */
const COUNT_EPSILON = 1e-9;

/**
 * Picks the anomaly threshold from validation scores. `strategy` is a plain string because it
 * usually comes from a config file; unknown names throw UserError.
 */
export function chooseThreshold(strategy: string, validation: ValidationScores, options: ThresholdOptions = {}): Threshold {
  checkScoresAndLabels(validation.scores, validation.labels);
  switch (strategy) {
    case 'adaptive_f1':
      return adaptiveF1(validation, percentileOption(options));
    case 'percentile': {
      const q = percentileOption(options);
      const normals = normalScores(validation, strategy);
      return { ...keptAboveLowestNormal(percentile(normals, q), normals, `their ${q}th percentile`), strategy };
    }
    case 'mean_std': {
      const k = options.k ?? DEFAULT_K;
      if (!Number.isFinite(k)) throw new UserError(`mean_std threshold: k must be a finite number, got ${k}`);
      const normals = normalScores(validation, strategy);
      return { ...keptAboveLowestNormal(mean(normals) + k * populationStd(normals), normals, `mean + ${k}·std`), strategy };
    }
    case 'target_fpr':
      return { ...targetFpr(normalScores(validation, strategy), shareOption('target_fpr', options.targetFpr ?? DEFAULT_TARGET_FPR)), strategy };
    case 'target_recall':
      return { ...targetRecall(validation, shareOption('target_recall', options.targetRecall ?? DEFAULT_TARGET_RECALL)), strategy };
    case 'manual':
      if (typeof options.value !== 'number' || !Number.isFinite(options.value)) {
        throw new UserError(`manual threshold: value must be a finite number, got ${options.value}`);
      }
      return { value: options.value, strategy };
    default:
      throw new UserError(`unknown threshold strategy "${strategy}"; choose one of ${THRESHOLD_STRATEGIES.join(', ')}`);
  }
}

function adaptiveF1(validation: ValidationScores, q: number): Threshold {
  const strategy = 'adaptive_f1';
  const { scores, labels } = validation;
  if (scores.length === 0) throw new UserError('adaptive_f1 threshold: the validation split is empty');
  const normals = normalScores(validation, strategy);
  if (normals.length < scores.length) {
    const best = f1Max(scores, labels);
    return { value: best.threshold, strategy, note: `maximises F1 on validation (F1 = ${best.f1})` };
  }
  return { ...normalOnlyThreshold(normals, q), strategy };
}

/**
 * At most ⌊α·n⌋ of the n normal validation scores may lie above the threshold, so the threshold is the
 * order statistic x₍n−k₎ (1-based, ascending) with k = ⌊α·n⌋: the (1 − α) quantile taken at the higher
 * order statistic, never interpolated below it. Ties at x₍n−k₎ are not flagged, so the realised
 * validation FPR is ≤ α. With n < 1/α no normal image may be flagged and the threshold is the highest
 * normal score; k stops at n − 2 so that at least two normal images stay at or below it.
 */
function targetFpr(normals: number[], alpha: number): { value: number; note?: string } {
  const sorted = Float64Array.from(normals).sort();
  const n = sorted.length;
  const k = Math.min(Math.floor(alpha * n + COUNT_EPSILON), Math.max(0, n - 2));
  const what = `the highest normal validation score but ${k} (at most ${alpha} of ${n} above it)`;
  const kept = keptAboveLowestNormal(sorted[n - 1 - k] as number, normals, what);
  if (kept.note) return kept;
  const note = k === 0 && alpha * n < 1 - COUNT_EPSILON
    ? `target_fpr ${alpha}: ${n} normal validation images resolve FPR steps of ${(1 / n).toPrecision(3)}, so threshold is their highest score`
    : `target_fpr ${alpha}: ${k} of ${n} normal validation images lie above the threshold`;
  return { value: kept.value, note };
}

/**
 * Flags at least r = ⌈β·m⌉ of the m anomalous validation images (real or synthetic): the threshold is
 * the highest validation score below the r-th highest anomalous score (just below it when none is
 * lower), the operating point of the score ranking with recall ≥ β that flags the fewest images.
 */
function targetRecall(validation: ValidationScores, beta: number): { value: number; note: string } {
  const sweep = thresholdSweep(validation.scores, validation.labels);
  const m = sweep.positives;
  if (m === 0) {
    throw new UserError(
      'target_recall threshold: the validation split has no anomalous images; set evaluation.validation.synthetic_anomalies > 0',
    );
  }
  const r = Math.max(1, Math.ceil(beta * m - COUNT_EPSILON));
  let i = 0;
  while ((sweep.tp[i] as number) < r) i++;
  const flaggedNormals = sweep.fp[i] as number;
  const blind = sweep.negatives > 0 && flaggedNormals === sweep.negatives
    ? '; that is every normal one: the model scores these anomalies no higher than normal images'
    : '';
  return {
    value: thresholdOfOperatingPoint(sweep, i),
    note: `target_recall ${beta}: flags ${sweep.tp[i]} of ${m} anomalous and ${flaggedNormals} of ${sweep.negatives} normal validation images${blind}`,
  };
}

/**
 * With no anomalous validation images F1 cannot be measured, so we fall back to the q-th percentile
 * of the normal scores.
 */
function normalOnlyThreshold(normals: number[], q: number): { value: number; note: string } {
  const base = `validation has only normal images (${normals.length}), so F1 cannot be measured`;
  const value = percentile(normals, q);
  const kept = keptAboveLowestNormal(value, normals, `their ${q}th percentile`);
  return { value: kept.value, note: `${base}; ${kept.note ?? `threshold is the ${q}th percentile of their scores`}` };
}

/**
 * A threshold at or below the lowest normal validation score would flag every normal image, which
 * happens with a handful of images, tied scores, a small q or a negative k. Then we use the highest
 * normal score instead, and if all are equal (one image included) the smallest double above them,
 * so that no validation image is flagged under either comparison. The note says which.
 */
function keptAboveLowestNormal(value: number, normals: number[], what: string): { value: number; note?: string } {
  const min = normals.reduce((a, b) => Math.min(a, b));
  const max = normals.reduce((a, b) => Math.max(a, b));
  if (value > min) return { value };
  if (max > min) {
    return { value: max, note: `${what} (${value}) is at or below the lowest normal validation score, so threshold is their highest score` };
  }
  return { value: nextUp(max), note: `${what}: all normal validation scores equal ${max}, so threshold is set just above it` };
}

function normalScores(validation: ValidationScores, strategy: string): number[] {
  const normals: number[] = [];
  for (let i = 0; i < validation.scores.length; i++) {
    if (validation.labels[i] === 0) normals.push(validation.scores[i] as number);
  }
  if (normals.length === 0) {
    throw new UserError(`${strategy} threshold: the validation split has no normal images to set it from`);
  }
  return normals;
}

function shareOption(key: string, share: number): number {
  if (!(share > 0 && share < 1)) throw new UserError(`${key} threshold: must lie strictly between 0 and 1, got ${share}`);
  return share;
}

function percentileOption(options: ThresholdOptions): number {
  const q = options.percentile ?? DEFAULT_PERCENTILE;
  if (!(q >= 0 && q <= 100)) throw new UserError(`threshold percentile must lie in [0, 100], got ${q}`);
  return q;
}
