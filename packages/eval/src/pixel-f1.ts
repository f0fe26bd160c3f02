import { UndefinedMetricError } from './errors';
import type { F1Max } from './f1';
import { nextDown } from './float-steps';
import { checkMapsAndMasks, poolPixelsByMask } from './pixel-pool';

/**
 * The best pixel-level F1 over every distinct threshold, pooling the pixels of all images; ties
 * between thresholds go to the highest one, as in `f1Max`. Needs anomalous pixels.
 */
export function pixelF1Max(maps: readonly Float32Array[], masks: readonly Uint8Array[]): F1Max {
  const counts = checkMapsAndMasks('pixelF1Max', maps, masks);
  if (counts.positives === 0) throw new UndefinedMetricError('pixel F1max is undefined: the masks hold no anomalous pixels');
  const { positives: pos, negatives: neg } = poolPixelsByMask('pixelF1Max', maps, masks, counts);
  const P = pos.length;
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let best = -1;
  let bestScore = 0;
  // Flagging every pixel >= score, for each distinct score from the top: F1 = 2tp / (tp + fp + P).
  while (i >= 0 || j >= 0) {
    const score = Math.max(i >= 0 ? (pos[i] as number) : -Infinity, j >= 0 ? (neg[j] as number) : -Infinity);
    while (i >= 0 && pos[i] === score) { tp++; i--; }
    while (j >= 0 && neg[j] === score) { fp++; j--; }
    const f1 = (2 * tp) / (tp + fp + P);
    if (f1 > best) {
      best = f1;
      bestScore = score;
    }
  }
  return { f1: best, threshold: highestScoreBelow(bestScore, pos, neg) };
}

/** The threshold that flags exactly the pixels >= score under "anomalous iff > threshold". */
function highestScoreBelow(score: number, pos: Float32Array, neg: Float32Array): number {
  const below = Math.max(largestBelow(pos, score), largestBelow(neg, score));
  return below === -Infinity ? nextDown(score) : below;
}

function largestBelow(sorted: Float32Array, score: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < score) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (sorted[lo - 1] as number) : -Infinity;
}
