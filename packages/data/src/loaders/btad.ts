import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { isDirectory, listImageFiles, listSubdirectories, requireDirectory } from '../image-files';
import type { LoadedDataset } from './loaded-dataset';
import { findMask, indexMaskFolder } from './mask-index';

export interface BtadOptions {
  root: string;
  /** The product folder: `01`, `02` or `03`. */
  product: string;
}

/** BTAD's defect folder: its anomalous images are all of this type. */
export const BTAD_DEFECT = 'ko';

/**
 * BTAD (beanTech, Mishra et al., ISIE 2021): `<root>/<product>/train/ok` to train on, `test/ok` and
 * `test/ko` to test, masks at `ground_truth/ko/<stem>.<ext>` (the image's own stem, any image extension).
 */
export function loadBtad(options: BtadOptions): LoadedDataset {
  const dir = path.join(options.root, options.product);
  requireDirectory(options.root, 'data root');
  if (!isDirectory(dir)) {
    const here = listSubdirectories(options.root).filter((name) => isDirectory(path.join(options.root, name, 'train', 'ok')));
    throw new UserError(`${dir}: BTAD product folder '${options.product}' not found${here.length > 0 ? ` (products here: ${here.join(', ')})` : ''}`);
  }
  const images = (folder: string, what: string): string[] => {
    requireDirectory(folder, what);
    const files = listImageFiles(folder);
    if (files.length === 0) throw new UserError(`${folder}: no images in the ${what} folder`);
    return files;
  };
  const train = images(path.join(dir, 'train', 'ok'), 'BTAD training (train/ok)').map((file): ImageRecord => ({ path: file, label: 0, defectType: 'good' }));
  const test = images(path.join(dir, 'test', 'ok'), 'BTAD normal test (test/ok)').map((file): ImageRecord => ({ path: file, label: 0, defectType: 'good' }));
  const masks = indexMaskFolder(path.join(dir, 'ground_truth', BTAD_DEFECT));
  const missingMasks: string[] = [];
  for (const file of images(path.join(dir, 'test', BTAD_DEFECT), 'BTAD anomalous test (test/ko)')) {
    const record: ImageRecord = { path: file, label: 1, defectType: BTAD_DEFECT };
    const maskPath = findMask(masks, file, true);
    if (maskPath) record.maskPath = maskPath;
    else missingMasks.push(file);
    test.push(record);
  }
  return { train, test, missingMasks };
}
