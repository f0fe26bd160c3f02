import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { isDirectory, listImageFiles, requireDirectory } from '../image-files';
import type { LoadedDataset } from './loaded-dataset';

export interface DrivingOptions {
  root: string;
  /** Training images' parent, relative to root (default `train/images`). */
  trainDir?: string;
  /** Test images' parent, relative to root (default `val/images`). */
  testDir?: string;
  /** Name of the normal folder under both (default `normal`). */
  normalName?: string;
  /** Names of anomalous folders under the test parent; those present are used (default `anomaly`, `anamoly`). */
  abnormalNames?: string[];
  recursive?: boolean;
}

/** The driving project's spelling is `anamoly`; both spellings are accepted by default. */
export const DEFAULT_ABNORMAL_NAMES: readonly string[] = ['anomaly', 'anamoly'];

/**
 * `<root>/train/images/normal/*` (training), `<root>/val/images/normal/*` (normal test) and
 * `<root>/val/images/{anomaly,anamoly}/*` (anomalous test); every name is configurable.
 */
export function loadDriving(options: DrivingOptions): LoadedDataset {
  requireDirectory(options.root, 'driving data');
  const normalName = options.normalName ?? 'normal';
  const abnormalNames = options.abnormalNames ?? DEFAULT_ABNORMAL_NAMES;
  const trainParent = path.join(options.root, options.trainDir ?? path.join('train', 'images'));
  const testParent = path.join(options.root, options.testDir ?? path.join('val', 'images'));
  const recursive = options.recursive ?? false;
  const images = (dir: string, what: string, record: (file: string) => ImageRecord): ImageRecord[] => {
    requireDirectory(dir, what);
    const files = listImageFiles(dir, { recursive });
    if (files.length === 0) throw new UserError(`${dir}: no images in the ${what} folder`);
    return files.map(record);
  };

  const train = images(path.join(trainParent, normalName), 'driving training', (file) => ({ path: file, label: 0, defectType: 'good' }));
  const testNormal = images(path.join(testParent, normalName), 'driving normal test', (file) => ({ path: file, label: 0, defectType: 'good' }));
  const abnormalDirs = abnormalNames.map((name) => path.join(testParent, name)).filter(isDirectory);
  if (abnormalDirs.length === 0) {
    throw new UserError(`${testParent}: no anomalous test folder (looked for ${abnormalNames.join(', ')})`);
  }
  const testAbnormal = abnormalDirs.flatMap((dir) =>
    images(dir, 'driving anomalous test', (file) => ({ path: file, label: 1, defectType: path.basename(dir) })),
  );
  return { train, test: [...testNormal, ...testAbnormal], missingMasks: [] };
}
