import * as fs from 'fs';
import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { compareCodeUnits, fileStem, isDirectory, isImageFileName, listImageFiles, listSubdirectories, requireDirectory } from '../image-files';
import type { SplitDataset } from './split-dataset';

/** The two kinds of anomaly MVTec LOCO AD tests, each a folder under `test/` and `ground_truth/`. */
export const LOCO_ANOMALY_TYPES = ['logical_anomalies', 'structural_anomalies'] as const;

export interface MvtecLocoOptions {
  root: string;
  category: string;
}

/**
 * MVTec LOCO AD (Bergmann et al., IJCV 2022): `<root>/<category>/train/good` to train on, `validation/good`
 * (normal images the authors set aside for validation: used as the validation split as published), and
 * `test/{good, logical_anomalies, structural_anomalies}`. Each anomalous image has a folder of masks,
 * `ground_truth/<type>/<stem>/000.png, 001.png, …`, one per defect region; an image with one mask gets it,
 * one with several is left out of pixel metrics (its regions are not merged here) and counted in the notes.
 */
export function loadMvtecLoco(options: MvtecLocoOptions): SplitDataset {
  const dir = path.join(options.root, options.category);
  requireDirectory(options.root, 'data root');
  if (!isDirectory(dir)) {
    const here = listSubdirectories(options.root).filter((name) => isDirectory(path.join(options.root, name, 'validation', 'good')));
    throw new UserError(`${dir}: MVTec LOCO category folder '${options.category}' not found${here.length > 0 ? ` (categories here: ${here.join(', ')})` : ''}`);
  }
  const images = (folder: string, what: string, record: (file: string) => ImageRecord): ImageRecord[] => {
    requireDirectory(folder, what);
    const files = listImageFiles(folder);
    if (files.length === 0) throw new UserError(`${folder}: no images in the ${what} folder`);
    return files.map(record);
  };
  const good = (file: string): ImageRecord => ({ path: file, label: 0, defectType: 'good' });
  const train = images(path.join(dir, 'train', 'good'), 'MVTec LOCO training (train/good)', good);
  const validation = images(path.join(dir, 'validation', 'good'), 'MVTec LOCO validation (validation/good)', good);
  const test = images(path.join(dir, 'test', 'good'), 'MVTec LOCO normal test (test/good)', good);
  const missingMasks: string[] = [];
  let severalMasks = 0;
  for (const type of LOCO_ANOMALY_TYPES) {
    for (const record of images(path.join(dir, 'test', type), `MVTec LOCO ${type}`, (file) => ({ path: file, label: 1, defectType: type }))) {
      const masks = maskFiles(path.join(dir, 'ground_truth', type, fileStem(record.path)));
      if (masks.length === 1) record.maskPath = masks[0]!;
      else if (masks.length === 0) missingMasks.push(record.path);
      else severalMasks++;
      test.push(record);
    }
  }
  const notes = [`validation is the data set's own validation/good folder (${validation.length} images; data.validation_fraction is not used)`];
  if (severalMasks > 0) notes.push(`${severalMasks} anomalous test image(s) have several defect masks, not merged here: left out of pixel metrics`);
  return { train, validation, test, missingMasks, notes };
}

function maskFiles(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  return fs.readdirSync(dir).filter(isImageFileName).sort(compareCodeUnits).map((name) => path.join(dir, name));
}
