import { UserError } from '@anomaly-zoo/core';
import { f1Max } from './f1';
import { nextUp } from './float-steps';
import { checkScoresAndLabels } from './inputs';
import { mean, percentile, populationStd } from './summary-stats';

export const THRESHOLD_STRATEGIES = ['adaptive_f1', 'percentile', 'mean_std', 'manual'] as const;
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
}

/** A threshold under the package convention: an image is anomalous iff its score > value. */
export interface Threshold {
  value: number;
  strategy: string;
  note?: string;
}

const DEFAULT_PERCENTILE = 99;
const DEFAULT_K = 0.5;

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

function percentileOption(options: ThresholdOptions): number {
  const q = options.percentile ?? DEFAULT_PERCENTILE;
  if (!(q >= 0 && q <= 100)) throw new UserError(`threshold percentile must lie in [0, 100], got ${q}`);
  return q;
}
