import * as fs from 'fs';
import * as path from 'path';

let counter = 0;
const TEMP_NAME = /^\..+\.\d+\.\d+\.tmp$/;

function tempNameFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/** Removes what interrupted atomic writes left in `dir` (never a finished file); returns their names. */
export function removeStaleTemps(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const stale = fs.readdirSync(dir).filter((name) => TEMP_NAME.test(name));
  for (const name of stale) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return stale;
}

/** Writes a file so that readers see either the old content or the whole new content, never a half. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempNameFor(target);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
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
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempNameFor(target);
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp);
  try {
    await fill(temp);
    const old = fs.existsSync(target) ? tempNameFor(target) : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(temp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
