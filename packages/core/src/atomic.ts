import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { asFileSystemError } from './fs-errors';
import { requireRegularTarget } from './output-path';

let counter = 0;
const TEMP_NAME = /^\..+\.\d+\.\d+\.tmp$/;

function tempNameFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Removes what interrupted atomic writes left in `dir` and its sub-folders (never a finished file, never
 * through a symbolic link); returns their paths relative to `dir`.
 */
export function removeStaleTemps(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const stale: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (TEMP_NAME.test(entry.name)) {
      fs.rmSync(path.join(dir, entry.name), { recursive: true, force: true });
      stale.push(entry.name);
    } else if (entry.isDirectory()) {
      stale.push(...removeStaleTemps(path.join(dir, entry.name)).map((name) => path.join(entry.name, name)));
    }
  }
  return stale;
}

export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk (fsync) before the rename, so that it survives a power loss too (default true).
   * A cache that can recompute what it loses turns it off: an fsync costs ~1–7 ms on this machine's disk, and a
   * feature cache writes a file per batch. Without it a crash can leave an empty file, never a half one.
   */
  durable?: boolean;
}

/**
 * Writes a file so that readers see either the old content or the whole new content, never a half. Only
 * regular files are written (a symlink, FIFO or device at `target` is refused, not replaced). A full disk,
 * a permission or a read-only mount becomes a one-line UserError naming `target`, with the temp file removed.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  requireRegularTarget(target);
  const temp = tempNameFor(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeWhole(temp, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options.durable ?? true);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw asFileSystemError(error, target);
  }
}

/** writeSync may write fewer bytes than asked (a disk filling up): loop until all are written or it throws. */
function writeWhole(file: string, bytes: Uint8Array, durable: boolean): void {
  const fd = fs.openSync(file, 'wx');
  try {
    for (let offset = 0; offset < bytes.byteLength; ) offset += fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Fills a directory through `fill(tempDir)` and then swaps it into place,
 * so a crash leaves either the previous directory or the complete new one.
 */
export async function writeDirAtomic(target: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const temp = tempNameFor(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(temp, { recursive: true, force: true });
    fs.mkdirSync(temp);
    await fill(temp);
    const old = fs.existsSync(target) ? tempNameFor(target) : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(temp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    // A write inside the temporary folder names a path that no longer exists: name the real one instead.
    if (error instanceof UserError) throw new UserError(error.message.split(temp).join(target));
    throw asFileSystemError(error, target);
  }
}
