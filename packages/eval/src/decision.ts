/**
 * The package rule: an image (or pixel) is anomalous iff its raw score is strictly above the threshold. Decided on
 * the raw score, never on a normalised one (rounding can blur ties at 0.5).
 */
export function isAnomalous(score: number, threshold: number): boolean {
  return score > threshold;
}
