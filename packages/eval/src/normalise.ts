import { checkScores } from './inputs';

/** Everything `normalise` needs; plain numbers, so it serialises to JSON with a model. */
export interface NormalisationStats {
  threshold: number;
  min: number;
  max: number;
}

/** Min and max of the validation scores (all of them, normal and anomalous), kept with the threshold. */
export function minMaxNormaliser(threshold: number, validationScores: ArrayLike<number>): NormalisationStats {
  if (!Number.isFinite(threshold)) throw new Error(`minMaxNormaliser: threshold is ${threshold}`);
  if (validationScores.length === 0) throw new Error('minMaxNormaliser: no validation scores');
  checkScores(validationScores, 'validationScores');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < validationScores.length; i++) {
    const score = validationScores[i] as number;
    if (score < min) min = score;
    if (score > max) max = score;
  }
  return { threshold, min, max };
}

/**
 * anomalib's min-max normalisation: (score − threshold) / (max − min) + 0.5, clamped to [0, 1],
 * so the threshold maps to 0.5. When max = min the scale is unknown and we take the formula's
 * limit as the range shrinks: 1 above the threshold, 0 below, 0.5 at it.
 * For display; decide anomalous/normal on the raw score (rounding can blur ties at 0.5).
 */
export function normalise(score: number, stats: NormalisationStats): number {
  const range = stats.max - stats.min;
  if (range <= 0) return score > stats.threshold ? 1 : score < stats.threshold ? 0 : 0.5;
  const value = (score - stats.threshold) / range + 0.5;
  return Math.min(1, Math.max(0, value));
}
