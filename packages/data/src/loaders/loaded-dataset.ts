import type { ImageRecord } from '@anomaly-zoo/core';

/** What a loader found: normal training images, labelled test images, and defect images without a mask. */
export interface LoadedDataset {
  train: ImageRecord[];
  test: ImageRecord[];
  /** Paths of anomalous test images for which no mask file was found (callers warn; pixel metrics skip them). */
  missingMasks: string[];
}
