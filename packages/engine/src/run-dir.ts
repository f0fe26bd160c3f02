import * as fs from 'fs';
import * as path from 'path';
import { asFileSystemError, RUN_FILES, UserError, writeFileAtomic } from '@anomaly-zoo/core';
import { adoptRunLock, lockRunDir, lockText, releaseRunLock } from './run-lock';

export { RUN_FILES };

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * `results/<model>/<dataset>/<category>/<run-id>/`, or exactly `out` when given, holding `files` (the
 * resolved config) from the moment it appears: a new directory is filled under a temporary name and renamed,
 * so a crash never leaves a run directory that cannot be resumed. The run's lock is taken before anything is
 * written; an existing `out` holding an unfinished run is refused unless `force` (it would be discarded).
 */
export function createRunDir(options: {
  out?: string; force?: boolean; root: string; model: string; dataset: string; category: string; seed: number;
  files: Record<string, string>; log: (line: string) => void;
}): string {
  let dir: string;
  if (options.out) {
    dir = path.resolve(options.out);
    const stat = lstatOrUndefined(dir);
    if (stat && !stat.isDirectory()) throw new UserError(`${options.out}: exists and is not a directory; choose another --out`);
    if (fs.existsSync(path.join(dir, RUN_FILES.metrics))) {
      throw new UserError(`${options.out}: already holds a complete run (metrics.json); choose another --out`);
    }
  } else {
    const parent = path.resolve(options.root, options.model, options.dataset, options.category);
    const base = `${timestamp(new Date())}-seed${options.seed}`;
    dir = path.join(parent, base);
    for (let i = 2; fs.existsSync(dir); i++) dir = path.join(parent, `${base}-${i}`);
  }
  if (fs.existsSync(dir)) {
    lockRunDir(dir, options.log);
    try {
      if (fs.existsSync(path.join(dir, RUN_FILES.config)) && !options.force) {
        throw new UserError(`${options.out ?? dir}: holds an unfinished run; continue it with tools/train --resume ${options.out ?? dir}, or pass --force to discard it`);
      }
      // Starting over: a checkpoint or log of the discarded run must not be resumed into this one.
      for (const stale of [RUN_FILES.checkpoint, RUN_FILES.log]) fs.rmSync(path.join(dir, stale), { recursive: true, force: true });
      for (const [name, text] of Object.entries(options.files)) writeFileAtomic(path.join(dir, name), text);
    } catch (error) {
      releaseRunLock(dir);
      throw cannotCreate(dir, error);
    }
    return dir;
  }
  const temp = path.join(path.dirname(dir), `.${path.basename(dir)}.creating-${process.pid}`);
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.rmSync(temp, { recursive: true, force: true });
    fs.mkdirSync(temp);
    fs.writeFileSync(path.join(temp, RUN_FILES.lock), lockText());
    for (const [name, text] of Object.entries(options.files)) writeFileAtomic(path.join(temp, name), text);
    fs.renameSync(temp, dir);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    // Another process made `out` meanwhile: go through the existing-directory path (its lock names that process).
    const code = (error as NodeJS.ErrnoException).code;
    if (options.out && (code === 'ENOTEMPTY' || code === 'EEXIST')) return createRunDir(options);
    throw cannotCreate(dir, error);
  }
  adoptRunLock(dir);
  return dir;
}

function cannotCreate(dir: string, error: unknown): unknown {
  const translated = asFileSystemError(error, dir, 'cannot create the results directory');
  if (translated instanceof UserError) return translated;
  return new UserError(`${dir}: cannot create the results directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Where tools/test writes beside a run: re-tests under `tests/`, re-thresholded evaluations under `evaluations/`. */
export const EVALUATION_PARENTS = { retest: 'tests', rethreshold: 'evaluations' } as const;

/**
 * A new, empty directory `<runDir>/<parent>/<time>[-<label>][-<n>]` for one evaluation of a finished
 * run: created without `recursive` on its last step, so two evaluations in the same second get
 * different names and nothing a run or an earlier evaluation wrote is ever reused.
 */
export function freshEvaluationDir(runDir: string, parent: string, label?: string): string {
  const base = path.join(path.resolve(runDir), parent, timestamp(new Date()) + (label ? `-${label.replace(/[^A-Za-z0-9._-]/g, '_')}` : ''));
  fs.mkdirSync(path.dirname(base), { recursive: true });
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A one-line error unless `dir` exists and is a run directory (holds its config.yaml). */
export function requireRunDir(dir: string): void {
  if (!fs.existsSync(dir)) throw new UserError(`${dir}: run directory not found`);
  if (!fs.existsSync(path.join(dir, RUN_FILES.config))) throw new UserError(`${dir}: not a run directory (no ${RUN_FILES.config})`);
}

/** Points `<category>/latest` at a finished run; replaced atomically so it never dangles half-made. */
export function markLatest(runDir: string): void {
  const parent = path.dirname(runDir);
  const link = path.join(parent, 'latest');
  const temp = path.join(parent, `.latest.${process.pid}`);
  fs.rmSync(temp, { force: true });
  fs.symlinkSync(path.basename(runDir), temp);
  fs.renameSync(temp, link);
}
