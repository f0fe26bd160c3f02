import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { isImageFileName, listImageFiles } from '@anomaly-zoo/data';

/** One file to score: where it is, and the sub-path under the input that review copies and maps keep. */
export interface PredictInput {
  path: string;
  relative: string;
}

/** A single image, or every image file under a folder (recursively, sorted), as PredictInputs. */
export function listPredictInputs(input: string): PredictInput[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new UserError(`${input}: input not found (expected an image file or a folder of images)`);
  }
  if (stat.isDirectory()) {
    const root = path.resolve(input);
    const files = listImageFiles(root, { recursive: true });
    if (files.length === 0) throw new UserError(`${input}: no image files in this folder (looked for .png, .jpg, .bmp, …)`);
    return files.map((file) => ({ path: file, relative: path.relative(root, file) }));
  }
  if (!isImageFileName(input)) throw new UserError(`${input}: not an image file name (expected .png, .jpg, .bmp, …)`);
  return [{ path: path.resolve(input), relative: path.basename(input) }];
}
