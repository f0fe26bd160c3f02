import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { isDirectory } from '../image-files';
import type { RawImages } from './raw-images';

export const CIFAR10_CLASSES: readonly string[] = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

export function cifarBinaryFiles(split: 'train' | 'test'): string[] {
  return split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
}

/** The folder holding the binary batches: `dir` itself or `dir/cifar-10-batches-bin`; undefined when neither has them. */
export function findCifarBinaryDir(dir: string): string | undefined {
  for (const candidate of [dir, path.join(dir, 'cifar-10-batches-bin')]) {
    if (fs.existsSync(path.join(candidate, 'test_batch.bin'))) return candidate;
  }
  return undefined;
}

/**
 * CIFAR-10's binary form: records of one label byte then 3072 bytes, the red, green and blue
 * 32×32 planes in turn (row-major). Converted to HWC here.
 */
export function readCifarBinary(dir: string, split: 'train' | 'test'): RawImages {
  const chunks = cifarBinaryFiles(split).map((name) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new UserError(`${file}: CIFAR-10 batch not found`);
    const bytes = fs.readFileSync(file);
    if (bytes.length % RECORD !== 0) throw new UserError(`${file}: ${bytes.length} bytes is not a whole number of ${RECORD}-byte CIFAR-10 records`);
    return bytes;
  });
  const count = chunks.reduce((n, bytes) => n + bytes.length / RECORD, 0);
  const pixels = new Uint8Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const bytes of chunks) {
    for (let offset = 0; offset < bytes.length; offset += RECORD, n++) {
      const label = bytes[offset]!;
      if (label >= CIFAR10_CLASSES.length) throw new UserError(`${dir}: CIFAR-10 record ${n} has label ${label} (expected 0–9)`);
      labels[n] = label;
      const out = n * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        for (let c = 0; c < 3; c++) pixels[out + p * 3 + c] = bytes[offset + 1 + c * PLANE + p]!;
      }
    }
  }
  return { count, height: SIDE, width: SIDE, channels: 3, pixels, labels, source: path.join(dir, split === 'train' ? 'data_batch_1-5.bin' : 'test_batch.bin') };
}

/** The image-folder form: `<dir>/<split>/<class>/*`, a class folder named by its name (`airplane`) or its number (`0`). */
export function cifarClassFolders(dir: string, split: 'train' | 'test'): { classIndex: number; dir: string }[] {
  const splitDir = path.join(dir, split);
  if (!isDirectory(splitDir)) return [];
  return CIFAR10_CLASSES.flatMap((name, classIndex) =>
    [name, String(classIndex)].map((folder) => path.join(splitDir, folder)).filter(isDirectory).map((classDir) => ({ classIndex, dir: classDir })),
  );
}
