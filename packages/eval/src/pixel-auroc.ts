import { aurocOfSortedClasses } from './auroc';
import { UndefinedMetricError } from './errors';

/**
 * AUROC over every pixel of every image: maps[i] holds the anomaly scores of image i and masks[i]
 * its ground truth (any nonzero value = anomalous pixel, so 0/1 and 0/255 masks both work).
 * Exact, like `auroc`, and memory-lean: besides the inputs it holds one float32 copy of the scores.
 */
export function pixelAuroc(maps: readonly Float32Array[], masks: readonly Uint8Array[]): number {
  if (maps.length !== masks.length) {
    throw new Error(`pixelAuroc: ${maps.length} anomaly maps but ${masks.length} masks`);
  }
  let positiveCount = 0;
  let total = 0;
  for (let i = 0; i < maps.length; i++) {
    const map = maps[i] as Float32Array;
    const mask = masks[i] as Uint8Array;
    if (map.length !== mask.length) {
      throw new Error(`pixelAuroc: image ${i} has an anomaly map of ${map.length} pixels but a mask of ${mask.length}`);
    }
    total += map.length;
    for (let j = 0; j < mask.length; j++) positiveCount += mask[j] !== 0 ? 1 : 0;
  }
  if (positiveCount === 0) throw new UndefinedMetricError('pixel AUROC is undefined: the masks hold no anomalous pixels');
  if (positiveCount === total) throw new UndefinedMetricError('pixel AUROC is undefined: the masks hold no normal pixels');

  // The maps are float32 already, so float32 copies lose nothing.
  const positives = new Float32Array(positiveCount);
  const negatives = new Float32Array(total - positiveCount);
  let p = 0;
  let n = 0;
  for (let i = 0; i < maps.length; i++) {
    const map = maps[i] as Float32Array;
    const mask = masks[i] as Uint8Array;
    for (let j = 0; j < map.length; j++) {
      const score = map[j] as number;
      if (!Number.isFinite(score)) throw new Error(`pixelAuroc: image ${i}, pixel ${j} has score ${score}`);
      if (mask[j] !== 0) positives[p++] = score;
      else negatives[n++] = score;
    }
  }
  positives.sort();
  negatives.sort();
  return aurocOfSortedClasses(positives, negatives);
}
