import { aurocOfSortedClasses } from './auroc';
import { UndefinedMetricError } from './errors';
import { checkMapsAndMasks, poolPixelsByMask } from './pixel-pool';

/**
 * AUROC over every pixel of every image: maps[i] holds the anomaly scores of image i and masks[i]
 * its ground truth (any nonzero value = anomalous pixel, so 0/1 and 0/255 masks both work).
 * Exact, like `auroc`, and memory-lean: besides the inputs it holds one float32 copy of the scores.
 */
export function pixelAuroc(maps: readonly Float32Array[], masks: readonly Uint8Array[]): number {
  const counts = checkMapsAndMasks('pixelAuroc', maps, masks);
  if (counts.positives === 0) throw new UndefinedMetricError('pixel AUROC is undefined: the masks hold no anomalous pixels');
  if (counts.positives === counts.total) throw new UndefinedMetricError('pixel AUROC is undefined: the masks hold no normal pixels');
  const { positives, negatives } = poolPixelsByMask('pixelAuroc', maps, masks, counts);
  return aurocOfSortedClasses(positives, negatives);
}
