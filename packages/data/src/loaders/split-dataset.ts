import type { ImageRecord } from '@anomaly-zoo/core';

/** A data set whose loader decides the validation part itself (e.g. by patient). */
export interface SplitDataset {
  train: ImageRecord[];
  validation: ImageRecord[];
  test: ImageRecord[];
  missingMasks: string[];
  /** Lines worth logging (what was left out and why). */
  notes: string[];
}
