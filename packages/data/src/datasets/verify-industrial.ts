import * as fs from 'fs';
import * as path from 'path';
import { fileStem, isDirectory, listImageFiles } from '../image-files';
import { BTAD_PRODUCTS, BTAD_TOTALS, LOCO_CATEGORIES, MPDD_CATEGORIES, VISA_CATEGORIES } from './industrial-catalogue';
import { checkImageFiles, countImages, VerifyReport, verifyMvtecLayout } from './verify';

/** Collects problems and counts; `expect` compares one folder's image count with the published one. */
function reporter(): { report: VerifyReport; problem: (where: string, text: string) => void; expect: (folder: string, expected: number) => number } {
  const report: VerifyReport = { problems: [], counted: [] };
  const problem = (where: string, text: string): void => void report.problems.push({ where, problem: text });
  const expect = (folder: string, expected: number): number => {
    const found = countImages(folder);
    if (found === undefined) problem(folder, 'folder not found');
    else {
      if (found !== expected) problem(folder, `${found} images, expected ${expected}`);
      checkImageFiles(folder, problem);
    }
    return found ?? 0;
  };
  return { report, problem, expect };
}

/** VisA: the split file, and each category's Normal and Anomaly image counts with one mask per anomaly. */
export function verifyVisa(root: string): VerifyReport {
  const { report, problem, expect } = reporter();
  const csv = path.join(root, 'split_csv', '1cls.csv');
  if (!fs.existsSync(csv)) problem(csv, 'split file not found');
  for (const [category, counts] of Object.entries(VISA_CATEGORIES)) {
    const images = path.join(root, category, 'Data', 'Images');
    const normal = expect(path.join(images, 'Normal'), counts.normal);
    const anomaly = expect(path.join(images, 'Anomaly'), counts.anomaly);
    const masks = path.join(root, category, 'Data', 'Masks', 'Anomaly');
    if (isDirectory(path.join(images, 'Anomaly'))) {
      for (const image of listImageFiles(path.join(images, 'Anomaly'))) {
        if (!fs.existsSync(path.join(masks, `${fileStem(image)}.png`))) problem(path.join(masks, `${fileStem(image)}.png`), `mask missing for ${path.relative(root, image)}`);
      }
    }
    report.counted.push(`${category}: normal ${normal}, anomaly ${anomaly}`);
  }
  return report;
}

/** MVTec LOCO AD: each category's train, validation and test folders against the published counts, a mask folder per anomaly. */
export function verifyMvtecLoco(root: string): VerifyReport {
  const { report, problem, expect } = reporter();
  for (const [category, counts] of Object.entries(LOCO_CATEGORIES)) {
    const at = (...parts: string[]) => path.join(root, category, ...parts);
    const found = [
      expect(at('train', 'good'), counts.train), expect(at('validation', 'good'), counts.validation), expect(at('test', 'good'), counts.testGood),
      expect(at('test', 'logical_anomalies'), counts.logical), expect(at('test', 'structural_anomalies'), counts.structural),
    ];
    for (const type of ['logical_anomalies', 'structural_anomalies']) {
      if (!isDirectory(at('test', type))) continue;
      for (const image of listImageFiles(at('test', type))) {
        const masks = at('ground_truth', type, fileStem(image));
        if (!isDirectory(masks) || listImageFiles(masks).length === 0) problem(masks, `no mask for ${path.relative(root, image)}`);
      }
    }
    report.counted.push(`${category}: train ${found[0]}, validation ${found[1]}, test good ${found[2]}, logical ${found[3]}, structural ${found[4]}`);
  }
  return report;
}

/** MPDD: every category in the MVTec layout against its published counts. */
export function verifyMpdd(root: string): VerifyReport {
  const reports = Object.keys(MPDD_CATEGORIES).map((category) => verifyMvtecLayout(root, category, MPDD_CATEGORIES, 'MPDD'));
  return { problems: reports.flatMap((r) => r.problems), counted: reports.flatMap((r) => r.counted) };
}

/** BTAD: products 01–03 with train/ok, test/ok, test/ko and a mask per defect image; counts are checked as published, over all three. */
export function verifyBtad(root: string): VerifyReport {
  const { report, problem } = reporter();
  const totals = { train: 0, testGood: 0, testDefective: 0 };
  for (const product of BTAD_PRODUCTS) {
    const at = (...parts: string[]) => path.join(root, product, ...parts);
    const count = (folder: string): number => {
      const found = countImages(folder);
      if (found === undefined) problem(folder, 'folder not found');
      else checkImageFiles(folder, problem);
      return found ?? 0;
    };
    totals.train += count(at('train', 'ok'));
    totals.testGood += count(at('test', 'ok'));
    totals.testDefective += count(at('test', 'ko'));
    if (isDirectory(at('test', 'ko'))) {
      const masks = isDirectory(at('ground_truth', 'ko')) ? new Set(listImageFiles(at('ground_truth', 'ko')).map(fileStem)) : new Set<string>();
      for (const image of listImageFiles(at('test', 'ko'))) if (!masks.has(fileStem(image))) problem(at('ground_truth', 'ko'), `mask missing for ${path.relative(root, image)}`);
    }
  }
  for (const key of ['train', 'testGood', 'testDefective'] as const) {
    if (totals[key] !== BTAD_TOTALS[key]) problem(root, `${totals[key]} ${key} images over products ${BTAD_PRODUCTS.join(', ')}, expected ${BTAD_TOTALS[key]}`);
  }
  report.counted.push(`train ${totals.train}, test good ${totals.testGood}, defective ${totals.testDefective}`);
  return report;
}
