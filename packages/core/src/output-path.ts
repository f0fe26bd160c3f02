import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { CHECKPOINT_STATE, MANIFEST_FILE, RUN_FILES } from './run-layout';

/**
 * The one output-path policy of every tool: write only regular files, never through a symbolic link or over
 * a FIFO, device or folder; never replace an existing file without `force`; never replace a run's own files
 * (config, model, checkpoint, metrics, scores) at all. The writes themselves go through writeFileAtomic.
 */
export interface OutputPolicy {
  /** Replace existing regular files (the tools' --force). */
  force: boolean;
}

function lstatOrUndefined(target: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return stat.isFile() ? 'a file' : 'not a regular file';
}

/**
 * Whether a file may be written at `target` at all: absent, or a regular file (which the caller may or may
 * not replace). Anything else is refused: renaming over a symlink, FIFO or device replaces that node itself.
 */
export function requireRegularTarget(target: string): 'absent' | 'file' {
  const stat = lstatOrUndefined(target);
  if (!stat) return 'absent';
  if (stat.isFile()) return 'file';
  throw new UserError(`${target}: is ${kindOf(stat)}; only regular files are written, so this path is refused`);
}

/**
 * True when `dir` (after resolving links) holds a run's own files: a run directory (config.yaml), its saved
 * model or checkpoint folder. Tools write beside such files, never over them.
 */
export function isRunOwnedDir(dir: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return false;
  }
  const has = (d: string, name: string): boolean => fs.existsSync(path.join(d, name));
  if (has(real, RUN_FILES.config) || has(real, MANIFEST_FILE) || has(real, CHECKPOINT_STATE)) return true;
  const base = path.basename(real);
  return (base === RUN_FILES.model || base === RUN_FILES.checkpoint) && has(path.dirname(real), RUN_FILES.config);
}

/** Refuses `target` unless a report file may be written there under `policy`; call before the work that produces it. */
export function claimOutputFile(target: string, policy: OutputPolicy): void {
  if (requireRegularTarget(target) === 'absent') return;
  if (isRunOwnedDir(path.dirname(target))) {
    throw new UserError(`${target}: is one of a run's own files; it is never overwritten (write somewhere else)`);
  }
  if (!policy.force) throw new UserError(`${target}: already exists; pass --force to replace it`);
}

/**
 * Refuses an output folder that is a link, not a folder, a run directory itself, or (without `force`) one that
 * already holds files. A missing folder is fine (it is created when written).
 */
export function claimOutputDir(dir: string, policy: OutputPolicy): void {
  const stat = lstatOrUndefined(dir);
  if (!stat) return;
  if (!stat.isDirectory()) throw new UserError(`${dir}: is ${kindOf(stat)}, not a folder; choose another output folder`);
  if (isRunOwnedDir(dir)) throw new UserError(`${dir}: is a run directory; its files are never overwritten (choose another output folder)`);
  if (!policy.force && fs.readdirSync(dir).length > 0) throw new UserError(`${dir}: already holds files; pass --force to replace them`);
}

/**
 * Creates `root/sub` folder by folder, refusing any existing component under `root` that is not a real folder
 * (a symbolic link there would send the files elsewhere). Returns the full path.
 */
export function makeOutputDirs(root: string, sub: string): string {
  let dir = root;
  const parts = [''].concat(sub.split(/[\\/]+/).filter((p) => p !== '' && p !== '.'));
  for (const part of parts) {
    if (part === '..') throw new UserError(`${path.join(root, sub)}: leaves the output folder ${root}`);
    dir = part ? path.join(dir, part) : dir;
    const stat = lstatOrUndefined(dir);
    if (!stat) fs.mkdirSync(dir, { recursive: part === '' });
    else if (!stat.isDirectory()) throw new UserError(`${dir}: is ${kindOf(stat)}, not a folder; refusing to write through it`);
  }
  return dir;
}
