import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { splitValidation } from '../split';
import { listImageFiles, requireDirectory } from '../image-files';

export interface ImageFolderOptions {
  dir: string;
  recursive?: boolean;
  /** Share held out of training (default 0.2): its scores set the threshold. */
  holdoutFraction?: number;
  seed: number;
}

export interface UnlabelledDataset {
  /** Images to train on. */
  train: ImageRecord[];
  /** Images not trained on, for the threshold. */
  heldOut: ImageRecord[];
  /** Every image, in file order: what gets scored and ranked. */
  all: ImageRecord[];
}

/** Images with no label are recorded as label 0 with this type; nothing computes metrics on them. */
export const UNLABELLED = 'unlabelled';

/** One folder of unlabelled images (`recursive` for sub-folders), split by seed into train and held-out. */
export function loadImageFolder(options: ImageFolderOptions): UnlabelledDataset {
  requireDirectory(options.dir, 'image');
  const all = listImageFiles(options.dir, { recursive: options.recursive ?? false }).map(
    (file): ImageRecord => ({ path: file, label: 0, defectType: UNLABELLED }),
  );
  if (all.length < 2) throw new UserError(`${options.dir}: needs at least 2 images (found ${all.length})`);
  const { train, validation } = splitValidation(all, { fraction: options.holdoutFraction ?? 0.2, seed: options.seed });
  return { train, heldOut: validation, all };
}
