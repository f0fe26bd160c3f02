import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary folder for one test file; remove it in afterAll. */
export function makeTempDir(prefix = 'anomaly-zoo-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Creates the parent folders and writes `content` (an empty file when absent). */
export function touch(file: string, content: string | Uint8Array = ''): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
