import * as fs from 'fs';
import * as path from 'path';
import { fileStem, isDirectory, isImageFileName } from '../image-files';

/** Image files of one folder by stem (`007_mask.png` → `007_mask`); PNG wins when a stem has several. */
export type MaskIndex = ReadonlyMap<string, string>;

export function indexMaskFolder(dir: string): MaskIndex {
  const index = new Map<string, string>();
  if (!isDirectory(dir)) return index;
  const names = fs.readdirSync(dir).filter(isImageFileName).sort();
  for (const name of names) {
    const stem = fileStem(name);
    const isPng = path.extname(name).toLowerCase() === '.png';
    if (!index.has(stem) || isPng) index.set(stem, path.join(dir, name));
  }
  return index;
}

/** `<stem>_mask.*`, then (when `allowBareStem`) `<stem>.*`. */
export function findMask(index: MaskIndex, imagePath: string, allowBareStem: boolean): string | undefined {
  const stem = fileStem(imagePath);
  return index.get(`${stem}_mask`) ?? (allowBareStem ? index.get(stem) : undefined);
}
