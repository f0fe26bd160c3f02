import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { requireDirectory } from '../image-files';
import { readIdx } from './idx';
import type { RawImages } from './raw-images';

export type IdxSplit = 'train' | 't10k';

/** The file names MNIST-style sets use: official, gzipped, and the `.idx3-ubyte` spelling of some mirrors. */
function candidates(split: IdxSplit, kind: 'images' | 'labels'): string[] {
  const rank = kind === 'images' ? 3 : 1;
  const bases = [`${split}-${kind}-idx${rank}-ubyte`, `${split}-${kind}.idx${rank}-ubyte`];
  return bases.flatMap((base) => [base, `${base}.gz`]);
}

export function findIdxFile(dir: string, split: IdxSplit, kind: 'images' | 'labels'): string {
  for (const name of candidates(split, kind)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new UserError(`${dir}: no ${candidates(split, kind)[0]}[.gz] here`);
}

/** One split of an MNIST-style set (MNIST, Fashion-MNIST): 28×28 grey images and their labels. */
export function readIdxImages(dir: string, split: IdxSplit): RawImages {
  requireDirectory(dir, 'IDX data');
  const imageFile = findIdxFile(dir, split, 'images');
  const labelFile = findIdxFile(dir, split, 'labels');
  const images = readIdx(imageFile);
  const labels = readIdx(labelFile);
  if (images.dims.length !== 3) throw new UserError(`${imageFile}: expected 3 dimensions (count × height × width), found ${images.dims.length}`);
  if (labels.dims.length !== 1) throw new UserError(`${labelFile}: expected 1 dimension, found ${labels.dims.length}`);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) throw new UserError(`${labelFile}: ${labels.dims[0]} labels for ${count} images in ${imageFile}`);
  return { count, height, width, channels: 1, pixels: images.data, labels: labels.data, source: imageFile };
}
