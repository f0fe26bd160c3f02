import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import type { ImageDecoder } from '../image-set';
import { listImageFiles, requireDirectory } from '../image-files';
import { CIFAR10_CLASSES, cifarClassFolders, findCifarBinaryDir, readCifarBinary } from './cifar';
import { convertRawPixels } from './convert-raw';
import { readIdxImages } from './mnist';
import { imageBytes, RawImages } from './raw-images';

export type OneClassFormat = 'mnist' | 'fashion-mnist' | 'cifar10';

export const ONE_CLASS_CLASSES: Record<OneClassFormat, readonly string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot'],
  cifar10: CIFAR10_CLASSES,
};

export interface OneClassOptions {
  format: OneClassFormat;
  /** MNIST / Fashion-MNIST: the folder of IDX files; CIFAR-10: the binary batches' folder (or its parent), or a `train/<class>`, `test/<class>` image tree. */
  root: string;
  /** Class index (0–9) or name (`sneaker`, `cat`). */
  normalClass: number | string;
}

export interface OneClassDataset {
  /** The normal class's training images. */
  train: ImageRecord[];
  /** The whole test set: the normal class as label 0 ('good'), every other class as label 1 (its class name). */
  test: ImageRecord[];
  /** Reads in-memory records; undefined when the records are image files. */
  decode?: ImageDecoder;
  normalClassName: string;
}

export function resolveNormalClass(format: OneClassFormat, normalClass: number | string): number {
  const names = ONE_CLASS_CLASSES[format];
  const index = typeof normalClass === 'number' ? normalClass : names.indexOf(normalClass.toLowerCase());
  if (!Number.isInteger(index) || index < 0 || index >= names.length) {
    throw new UserError(`normal_class '${normalClass}' is not a ${format} class (0–${names.length - 1} or one of ${names.join(', ')})`);
  }
  return index;
}

/** The one-class protocol: train on one class's training images, test on the whole test set. */
export function loadOneClass(options: OneClassOptions): OneClassDataset {
  requireDirectory(options.root, `${options.format} data`);
  const normal = resolveNormalClass(options.format, options.normalClass);
  const names = ONE_CLASS_CLASSES[options.format];
  const typeOf = (label: number): string => (label === normal ? 'good' : names[label]!);
  if (options.format === 'cifar10' && !findCifarBinaryDir(options.root)) {
    return { ...fromClassFolders(options.root, normal, typeOf), normalClassName: names[normal]! };
  }
  const read = (split: 'train' | 'test'): RawImages => {
    if (options.format !== 'cifar10') return readIdxImages(options.root, split === 'train' ? 'train' : 't10k');
    return readCifarBinary(findCifarBinaryDir(options.root)!, split);
  };
  const lookup = new Map<string, { images: RawImages; index: number }>();
  const records = (images: RawImages, keep: (label: number) => boolean): ImageRecord[] => {
    const out: ImageRecord[] = [];
    for (let i = 0; i < images.count; i++) {
      const label = images.labels[i]!;
      if (label >= names.length) throw new UserError(`${images.source}: image ${i} has label ${label} (expected 0–${names.length - 1})`);
      if (!keep(label)) continue;
      const record: ImageRecord = { path: `${images.source}#${i}`, label: label === normal ? 0 : 1, defectType: typeOf(label) };
      lookup.set(record.path, { images, index: i });
      out.push(record);
    }
    return out;
  };
  const train = records(read('train'), (label) => label === normal);
  const test = records(read('test'), () => true);
  if (train.length === 0) throw new UserError(`${options.root}: no training images of class ${names[normal]}`);
  const decode: ImageDecoder = (record, pre) => {
    const entry = lookup.get(record.path);
    if (!entry) return Promise.reject(new Error(`${record.path}: not an image of this ${options.format} set`));
    return convertRawPixels(imageBytes(entry.images, entry.index), entry.images, pre);
  };
  return { train, test, decode, normalClassName: names[normal]! };
}

function fromClassFolders(root: string, normal: number, typeOf: (label: number) => string): { train: ImageRecord[]; test: ImageRecord[] } {
  const list = (split: 'train' | 'test', keep: (label: number) => boolean): ImageRecord[] => {
    const folders = cifarClassFolders(root, split);
    if (folders.length === 0) {
      throw new UserError(`${root}: no CIFAR-10 binary batches (test_batch.bin) and no ${path.join(split, '<class>')} image folders`);
    }
    return folders
      .filter((folder) => keep(folder.classIndex))
      .flatMap((folder) => listImageFiles(folder.dir).map((file): ImageRecord => ({ path: file, label: folder.classIndex === normal ? 0 : 1, defectType: typeOf(folder.classIndex) })));
  };
  const train = list('train', (label) => label === normal);
  if (train.length === 0) throw new UserError(`${path.join(root, 'train')}: no training images of class ${CIFAR10_CLASSES[normal]}`);
  return { train, test: list('test', () => true) };
}
