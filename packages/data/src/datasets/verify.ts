import * as fs from 'fs';
import * as path from 'path';
import { fileStem, isDirectory, listImageFiles, listSubdirectories } from '../image-files';
import { CIFAR10_CLASSES, findCifarBinaryDir, readCifarBinary } from '../one-class/cifar';
import { readIdxImages } from '../one-class/mnist';
import { MVTEC_CATEGORIES, MvtecCategory } from './mvtec-catalogue';

/** One thing wrong with a data set on disk, naming the folder or file. */
export interface LayoutProblem {
  where: string;
  problem: string;
}

export interface VerifyReport {
  problems: LayoutProblem[];
  /** What was counted, for the summary line. */
  counted: string[];
}

export function countImages(dir: string): number | undefined {
  return isDirectory(dir) ? listImageFiles(dir).length : undefined;
}

/** The first bytes every file of a format starts with; a file named for one format must carry its signature. */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  '.png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  '.jpg': [0xff, 0xd8, 0xff],
  '.jpeg': [0xff, 0xd8, 0xff],
};

/** What is wrong with one image file on disk (a dangling link, unreadable, not the format its name says), if anything. */
export function imageFileProblem(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fs.existsSync(path.dirname(file)) ? 'broken symbolic link (or missing file)' : 'missing';
    return `cannot be read (${code ?? (error as Error).message})`;
  }
  try {
    const signature = SIGNATURES[path.extname(file).toLowerCase()];
    if (!signature) return undefined;
    const head = Buffer.alloc(signature.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && signature.every((byte, i) => head[i] === byte) ? undefined : `not a ${path.extname(file).slice(1).toUpperCase()} file (its first bytes do not match)`;
  } finally {
    fs.closeSync(fd);
  }
}

/** Adds a problem for every listed image in `dir` that is not a readable file of its format. */
export function checkImageFiles(dir: string, problem: (where: string, text: string) => void): void {
  if (!isDirectory(dir)) return;
  for (const file of listImageFiles(dir)) {
    const wrong = imageFileProblem(file);
    if (wrong) problem(file, wrong);
  }
}

/** Published counts of one category in the MVTec AD layout. */
export type MvtecLayoutCounts = Pick<MvtecCategory, 'train' | 'testGood' | 'testDefective' | 'defects' | 'perDefect'>;

/** MVTec AD category `<root>/<category>`: folders, image counts against the published split, one mask per defect image. */
export function verifyMvtecCategory(root: string, category: string): VerifyReport {
  return verifyMvtecLayout(root, category, MVTEC_CATEGORIES, 'MVTec AD');
}

/** A category of any data set in the MVTec AD layout (MVTec AD, MPDD) against its table of published counts. */
export function verifyMvtecLayout(root: string, category: string, table: Readonly<Record<string, MvtecLayoutCounts>>, setName: string): VerifyReport {
  const spec = table[category];
  const dir = path.join(root, category);
  const report: VerifyReport = { problems: [], counted: [] };
  const problem = (where: string, text: string): void => void report.problems.push({ where, problem: text });
  if (!spec) {
    problem(dir, `not an ${setName} category (one of ${Object.keys(table).join(', ')})`);
    return report;
  }
  if (!isDirectory(dir)) {
    problem(dir, 'folder not found');
    return report;
  }
  const expectCount = (folder: string, expected: number): number | undefined => {
    const found = countImages(folder);
    if (found === undefined) problem(folder, 'folder not found');
    else if (found !== expected) problem(folder, `${found} images, expected ${expected}`);
    return found;
  };
  expectCount(path.join(dir, 'train', 'good'), spec.train);
  expectCount(path.join(dir, 'test', 'good'), spec.testGood);
  for (const folder of [path.join(dir, 'train', 'good'), path.join(dir, 'test', 'good')]) checkImageFiles(folder, problem);
  const testDir = path.join(dir, 'test');
  const present = isDirectory(testDir) ? listSubdirectories(testDir).filter((name) => name !== 'good') : [];
  for (const extra of present.filter((name) => !spec.defects.includes(name))) problem(path.join(testDir, extra), 'not a defect type of this category');
  let defective = 0;
  for (const defect of spec.defects) {
    const folder = path.join(testDir, defect);
    const found = spec.perDefect ? expectCount(folder, spec.perDefect[defect]!) : countImages(folder);
    if (found === undefined) {
      if (!spec.perDefect) problem(folder, 'folder not found');
      continue;
    }
    defective += found;
    checkImageFiles(folder, problem);
    for (const image of listImageFiles(folder)) {
      const mask = path.join(dir, 'ground_truth', defect, `${fileStem(image)}_mask.png`);
      const wrong = fs.existsSync(mask) ? imageFileProblem(mask) : `mask missing for ${path.relative(root, image)}`;
      if (wrong) problem(mask, wrong);
    }
  }
  if (!spec.perDefect && defective !== spec.testDefective) problem(testDir, `${defective} defect images in all, expected ${spec.testDefective}`);
  report.counted.push(`${category}: train ${countImages(path.join(dir, 'train', 'good')) ?? 0}, test good ${countImages(path.join(dir, 'test', 'good')) ?? 0}, defective ${defective}`);
  return report;
}

/** MNIST or Fashion-MNIST IDX files in `dir`: 60,000 training and 10,000 test images of 28×28, labels 0–9 (Fashion-MNIST: exactly 6,000 / 1,000 per class). */
export function verifyIdxSet(dir: string, balanced: boolean): VerifyReport {
  const report: VerifyReport = { problems: [], counted: [] };
  for (const [split, expected, perClass] of [['train', 60000, 6000], ['t10k', 10000, 1000]] as const) {
    try {
      const images = readIdxImages(dir, split);
      if (images.count !== expected) report.problems.push({ where: images.source, problem: `${images.count} images, expected ${expected}` });
      if (images.height !== 28 || images.width !== 28) report.problems.push({ where: images.source, problem: `images are ${images.height}×${images.width}, expected 28×28` });
      const counts = classCounts(images.labels, 10);
      if (counts === undefined) report.problems.push({ where: images.source, problem: 'labels outside 0–9' });
      else if (balanced && counts.some((n) => n !== perClass)) report.problems.push({ where: images.source, problem: `class counts ${counts.join('/')}, expected ${perClass} each` });
      report.counted.push(`${split}: ${images.count} images`);
    } catch (error) {
      report.problems.push({ where: dir, problem: (error as Error).message });
    }
  }
  return report;
}

/** CIFAR-10 binary batches: 50,000 training and 10,000 test images, 5,000 / 1,000 per class. */
export function verifyCifar10(dir: string): VerifyReport {
  const report: VerifyReport = { problems: [], counted: [] };
  const binary = findCifarBinaryDir(dir);
  if (!binary) {
    report.problems.push({ where: dir, problem: 'no cifar-10-batches-bin/test_batch.bin here' });
    return report;
  }
  for (const [split, expected] of [['train', 50000], ['test', 10000]] as const) {
    try {
      const images = readCifarBinary(binary, split);
      const counts = classCounts(images.labels, CIFAR10_CLASSES.length)!;
      if (images.count !== expected) report.problems.push({ where: images.source, problem: `${images.count} images, expected ${expected}` });
      else if (counts.some((n) => n !== expected / 10)) report.problems.push({ where: images.source, problem: `class counts ${counts.join('/')}, expected ${expected / 10} each` });
      report.counted.push(`${split}: ${images.count} images`);
    } catch (error) {
      report.problems.push({ where: binary, problem: (error as Error).message });
    }
  }
  return report;
}

/** The NIH malaria set: `cell_images/{Parasitized,Uninfected}`, 13,779 PNGs each in the full release. */
export function verifyMalaria(dir: string, expectedEach = 13779): VerifyReport {
  const report: VerifyReport = { problems: [], counted: [] };
  const cells = isDirectory(path.join(dir, 'cell_images')) ? path.join(dir, 'cell_images') : dir;
  for (const folder of ['Parasitized', 'Uninfected']) {
    const found = countImages(path.join(cells, folder));
    if (found === undefined) report.problems.push({ where: path.join(cells, folder), problem: 'folder not found' });
    else {
      checkImageFiles(path.join(cells, folder), (where, problem) => void report.problems.push({ where, problem }));
      if (found !== expectedEach) report.problems.push({ where: path.join(cells, folder), problem: `${found} images, expected ${expectedEach}` });
      report.counted.push(`${folder}: ${found}`);
    }
  }
  return report;
}

function classCounts(labels: Uint8Array, classes: number): number[] | undefined {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) {
    if (label >= classes) return undefined;
    counts[label]!++;
  }
  return counts;
}
