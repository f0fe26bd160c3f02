import * as fs from 'fs';
import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { requireDirectory } from '../image-files';
import type { LoadedDataset } from './loaded-dataset';

export interface VisaOptions {
  root: string;
  category: string;
  /** The split file, relative to root (VisA ships `split_csv/1cls.csv`: 90 % of each category's normal images train, the rest test). */
  splitCsv: string;
}

/** VisA has no defect folders: every anomalous image is of this type. */
export const VISA_ANOMALY = 'anomaly';

const COLUMNS = ['object', 'split', 'label', 'image', 'mask'] as const;

/**
 * VisA (Zou et al., ECCV 2022): images under `<root>/<category>/Data/Images/{Normal,Anomaly}`, masks under
 * `Data/Masks/Anomaly`, and the split in a CSV of `object,split,label,image,mask` rows whose paths are
 * relative to root. Training images are the CSV's `train` rows (all normal); test images its `test` rows.
 */
export function loadVisa(options: VisaOptions): LoadedDataset {
  requireDirectory(options.root, 'VisA data root');
  const csv = path.join(options.root, options.splitCsv);
  if (!fs.existsSync(csv)) throw new UserError(`${csv}: VisA split file not found (data.visa.split_csv)`);
  const rows = parseSplitCsv(csv);
  const mine = rows.filter((row) => row.object === options.category);
  if (mine.length === 0) {
    const present = [...new Set(rows.map((row) => row.object))].sort();
    throw new UserError(`${csv}: no rows for category '${options.category}' (categories here: ${present.join(', ')})`);
  }
  const train: ImageRecord[] = [];
  const test: ImageRecord[] = [];
  const missingMasks: string[] = [];
  for (const row of mine) {
    const where = `${csv}:${row.line}`;
    const file = existing(path.join(options.root, row.image), where);
    const label = row.label === 'normal' ? 0 : 1;
    const record: ImageRecord = { path: file, label, defectType: label === 0 ? 'good' : VISA_ANOMALY };
    if (row.split === 'train') {
      if (label === 1) throw new UserError(`${where}: an anomalous image in the training split`);
      train.push(record);
      continue;
    }
    if (label === 1) {
      if (row.mask) record.maskPath = existing(path.join(options.root, row.mask), where);
      else missingMasks.push(file);
    }
    test.push(record);
  }
  if (train.length === 0) throw new UserError(`${csv}: no training rows for category '${options.category}'`);
  return { train, test, missingMasks };
}

interface SplitRow {
  line: number;
  object: string;
  split: 'train' | 'test';
  label: 'normal' | 'anomaly';
  image: string;
  mask: string;
}

/** The CSV holds plain relative paths (no quoting); a malformed row stops with its file and line. */
function parseSplitCsv(csv: string): SplitRow[] {
  const lines = fs.readFileSync(csv, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  const index = COLUMNS.map((column) => header.indexOf(column));
  const absent = COLUMNS.filter((_, i) => index[i]! < 0);
  if (absent.length > 0) throw new UserError(`${csv}:1: missing column(s) ${absent.join(', ')} (expected a header ${COLUMNS.join(',')})`);
  const rows: SplitRow[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '') return;
    const cells = text.split(',').map((cell) => cell.trim());
    const [object, split, label, image, mask] = index.map((at) => cells[at] ?? '') as [string, string, string, string, string];
    const line = i + 2;
    if (split !== 'train' && split !== 'test') throw new UserError(`${csv}:${line}: split '${split}' is neither train nor test`);
    if (label !== 'normal' && label !== 'anomaly') throw new UserError(`${csv}:${line}: label '${label}' is neither normal nor anomaly`);
    if (!image) throw new UserError(`${csv}:${line}: no image path`);
    rows.push({ line, object, split, label, image, mask });
  });
  return rows;
}

function existing(file: string, where: string): string {
  if (!fs.existsSync(file)) throw new UserError(`${where}: ${file}: file not found`);
  return file;
}
