import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';

/** File extensions (lower case) that the loaders treat as images. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.bmp', '.gif', '.tif', '.tiff', '.webp'];

export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

export function isImageFileName(name: string): boolean {
  return !isHiddenName(name) && IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** The file name without its extension: `a/b/007.png` → `007`. */
export function fileStem(filePath: string): string {
  const base = path.basename(filePath);
  return base.slice(0, base.length - path.extname(base).length);
}

/** Locale-independent, so every machine sorts file names the same way. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function requireDirectory(dir: string, what: string): void {
  if (!fs.existsSync(dir)) throw new UserError(`${dir}: ${what} folder not found`);
  if (!isDirectory(dir)) throw new UserError(`${dir}: ${what} folder is not a folder`);
}

/** Non-hidden sub-folders of `dir`, sorted by name. */
export function listSubdirectories(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !isHiddenName(entry.name) && isDirectory(path.join(dir, entry.name)))
    .map((entry) => entry.name)
    .sort(compareCodeUnits);
}

export interface ListImageOptions {
  /** Descend into non-hidden sub-folders too (default false). */
  recursive?: boolean;
}

/**
 * Image files in `dir` (by extension, case-insensitive; hidden files skipped), as paths joined onto
 * `dir`, sorted by their path relative to `dir`.
 */
export function listImageFiles(dir: string, options: ListImageOptions = {}): string[] {
  requireDirectory(dir, 'image');
  const found: string[] = [];
  collectImages(dir, options.recursive ?? false, found, new Set([fileId(fs.statSync(dir))]));
  return uniqueFiles(found.sort(compareCodeUnits));
}

/** A file's identity on disk (device and inode): two paths with one id are links to the same file or folder. */
function fileId(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * `visited` holds the folders entered so far by identity, so a link back up the tree (`a/up -> ..`) or a second
 * link to one folder is entered once: no loop, no image listed twice through another folder.
 */
function collectImages(dir: string, recursive: boolean, found: string[], visited: Set<string>): void {
  // In name order, so which of two paths to one folder is entered (and kept) does not depend on readdir's order.
  const entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }).sort((a, b) => Buffer.compare(a.name, b.name));
  for (const raw of entries) {
    const name = raw.name.toString('utf8');
    if (isHiddenName(name)) continue;
    const full = path.join(dir, name);
    if (!Buffer.from(name, 'utf8').equals(raw.name)) {
      if (isImageFileName(name)) throw new UserError(`${full}: file name is not valid UTF-8; rename the file`);
      continue;
    }
    // Dirent types don't follow symbolic links; stat does. A broken link to an image name is kept, so
    // decoding reports it (or the skip policy drops it) rather than it vanishing silently.
    const stat = raw.isSymbolicLink() ? safeStat(full) : raw;
    if (!stat) {
      if (isImageFileName(name)) found.push(full);
      continue;
    }
    if (stat.isFile() && isImageFileName(name)) found.push(full);
    else if (recursive && stat.isDirectory()) {
      const id = fileId(fs.statSync(full));
      if (visited.has(id)) continue;
      visited.add(id);
      collectImages(full, recursive, found, visited);
    }
  }
}

/**
 * One path per file on disk (device and inode), in sorted order: the first path that is not itself a link
 * (else the first link) stands for all the others. Broken links are kept, so decoding reports them.
 */
function uniqueFiles(files: readonly string[]): string[] {
  const chosen = new Map<string, string>();
  const isLink = (file: string): boolean => fs.lstatSync(file).isSymbolicLink();
  for (const file of files) {
    const stat = safeStat(file);
    const id = stat ? fileId(stat) : `broken:${file}`;
    const kept = chosen.get(id);
    if (kept === undefined || (isLink(kept) && !isLink(file))) chosen.set(id, file);
  }
  const keep = new Set(chosen.values());
  return files.filter((file) => keep.has(file));
}

function safeStat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
