import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { splitByGroup } from '../group-split';
import { isDirectory, listImageFiles, requireDirectory } from '../image-files';
import type { SplitDataset } from './split-dataset';

export interface MalariaOptions {
  /** The folder holding `cell_images/`, or `cell_images/` itself. */
  root: string;
  seed: number;
  /** Shares of the Uninfected images (by count, split by patient) for validation and test. */
  validationFraction: number;
  testFraction: number;
  /** Share of the Parasitized images (by patient) moved to validation; the rest is test. Default 0. */
  anomalousValidationFraction?: number;
  /** Drop Parasitized images of patients whose Uninfected cells are in training (default false). */
  disjointAnomalies?: boolean;
}

export const MALARIA_NORMAL = 'Uninfected';
export const MALARIA_ANOMALOUS = 'Parasitized';

/**
 * The patient (and slide) a malaria cell image comes from: the file name up to the first `_`
 * (`C39P4thinF_IMG_20150622_105102_cell_87.png` → `c39p4thinf`). Lower-cased because the public
 * set spells the same suffix `thinF` and `ThinF`; merging case variants can only make splits stricter.
 */
export function malariaPatient(filePath: string): string {
  const name = path.basename(filePath);
  const cut = name.indexOf('_');
  return (cut > 0 ? name.slice(0, cut) : name.slice(0, name.length - path.extname(name).length)).toLowerCase();
}

/**
 * NIH malaria cells: `cell_images/Uninfected` is normal, `cell_images/Parasitized` anomalous.
 * Uninfected images are split into train / validation / test by patient, so no patient's cells
 * are on two sides; Parasitized images go to test, except a declared share (by patient) to validation.
 */
export function loadMalaria(options: MalariaOptions): SplitDataset {
  const cellDir = findCellImages(options.root);
  const list = (folder: string, label: 0 | 1): ImageRecord[] => {
    const dir = path.join(cellDir, folder);
    requireDirectory(dir, `malaria ${folder}`);
    const files = listImageFiles(dir);
    if (files.length === 0) throw new UserError(`${dir}: no images in the malaria ${folder} folder`);
    return files.map((file) => ({ path: file, label, defectType: label === 0 ? 'good' : 'parasitized', group: malariaPatient(file) }));
  };
  const uninfected = list(MALARIA_NORMAL, 0);
  let anomalous = list(MALARIA_ANOMALOUS, 1);
  const normal = withFolder(path.join(cellDir, MALARIA_NORMAL), () =>
    splitByGroup(uninfected, { validation: options.validationFraction, test: options.testFraction, seed: options.seed, groupName: 'patient' }),
  );
  const notes: string[] = [];
  if (options.disjointAnomalies) {
    const trainPatients = new Set(normal.train.map((r) => r.group));
    const before = anomalous.length;
    anomalous = anomalous.filter((r) => !trainPatients.has(r.group));
    notes.push(`${before - anomalous.length} Parasitized images of training patients left out (disjoint_anomalies)`);
  }
  const anomalousValidation = options.anomalousValidationFraction ?? 0;
  const anomalySplit = anomalousValidation > 0
    ? withFolder(path.join(cellDir, MALARIA_ANOMALOUS), () =>
        splitByGroup(anomalous, { validation: anomalousValidation, test: 0, seed: options.seed + 1, groupName: 'patient' }),
      )
    : { train: anomalous, validation: [] as ImageRecord[] };
  const validation = [...normal.validation, ...anomalySplit.validation];
  const test = [...normal.test, ...anomalySplit.train];
  if (!options.disjointAnomalies) {
    const trainPatients = new Set(normal.train.map((r) => r.group));
    const shared = anomalySplit.train.filter((r) => trainPatients.has(r.group)).length;
    if (shared > 0) notes.push(`${shared} Parasitized test images come from patients with Uninfected training images (set disjoint_anomalies to drop them)`);
  }
  return { train: normal.train, validation, test, missingMasks: [], notes };
}

function withFolder<T>(dir: string, split: () => T): T {
  try {
    return split();
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${dir}: ${error.message}`);
    throw error;
  }
}

function findCellImages(root: string): string {
  requireDirectory(root, 'malaria data');
  const nested = path.join(root, 'cell_images');
  if (isDirectory(nested)) return nested;
  if (isDirectory(path.join(root, MALARIA_NORMAL)) && isDirectory(path.join(root, MALARIA_ANOMALOUS))) return root;
  throw new UserError(`${root}: no cell_images/{${MALARIA_ANOMALOUS},${MALARIA_NORMAL}} folder here`);
}

/** "train 240 (0 anomalous, 150 patients), …" for the run log. */
export function describeSplitCounts(split: Pick<SplitDataset, 'train' | 'validation' | 'test'>): string {
  return (['train', 'validation', 'test'] as const)
    .map((part) => {
      const records = split[part];
      const groups = new Set(records.map((r) => r.group ?? r.path)).size;
      return `${part} ${records.length} (${records.filter((r) => r.label === 1).length} anomalous, ${groups} groups)`;
    })
    .join(', ');
}
