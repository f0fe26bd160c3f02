import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { isDirectory, listImageFiles, listSubdirectories, requireDirectory } from '../image-files';
import type { LoadedDataset } from './loaded-dataset';
import { findMask, indexMaskFolder } from './mask-index';

export interface MvtecOptions {
  root: string;
  category: string;
}

const GOOD = 'good';

/**
 * The MVTec AD layout: `<root>/<category>/train/good/*` (normal training images),
 * `<root>/<category>/test/<type>/*` ('good' is normal, every other folder a defect type) and masks at
 * `<root>/<category>/ground_truth/<type>/<stem>_mask.png`.
 */
export function loadMvtec(options: MvtecOptions): LoadedDataset {
  const categoryDir = path.join(options.root, options.category);
  requireCategory(options.root, options.category, categoryDir);
  const trainDir = path.join(categoryDir, 'train', GOOD);
  const testDir = path.join(categoryDir, 'test');
  requireDirectory(trainDir, 'MVTec training (train/good)');
  requireDirectory(testDir, 'MVTec test');

  const train = listImageFiles(trainDir).map((file): ImageRecord => ({ path: file, label: 0, defectType: GOOD }));
  if (train.length === 0) throw new UserError(`${trainDir}: no images in the training folder`);

  const test: ImageRecord[] = [];
  const missingMasks: string[] = [];
  for (const type of listSubdirectories(testDir)) {
    const masks = indexMaskFolder(path.join(categoryDir, 'ground_truth', type));
    for (const file of listImageFiles(path.join(testDir, type))) {
      const record: ImageRecord = type === GOOD ? { path: file, label: 0, defectType: GOOD } : { path: file, label: 1, defectType: type };
      const maskPath = findMask(masks, file, false);
      if (maskPath) record.maskPath = maskPath;
      else if (record.label === 1) missingMasks.push(file);
      test.push(record);
    }
  }
  return { train, test, missingMasks };
}

function requireCategory(root: string, category: string, categoryDir: string): void {
  requireDirectory(root, 'data root');
  if (isDirectory(categoryDir)) return;
  const available = listSubdirectories(root).filter((name) => isDirectory(path.join(root, name, 'train', GOOD)));
  const hint = available.length > 0 ? ` (categories here: ${available.join(', ')})` : ' (no <category>/train/good folders here)';
  throw new UserError(`${categoryDir}: MVTec category folder '${category}' not found${hint}`);
}
