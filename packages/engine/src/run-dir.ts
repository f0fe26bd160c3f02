import * as fs from 'fs';
import * as path from 'path';
import { UserError, writeFileAtomic } from '@anomaly-zoo/core';

/** The files of one run directory; `metrics.json` is written last and marks the run complete. */
export const RUN_FILES = {
  config: 'config.yaml',
  log: 'train-log.jsonl',
  model: 'model',
  checkpoint: 'checkpoint',
  scores: 'scores.csv',
  validationScores: 'validation-scores.json',
  metrics: 'metrics.json',
} as const;

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * `results/<model>/<dataset>/<category>/<run-id>/`, or exactly `out` when given, holding `files` (the
 * resolved config) from the moment it appears: a new directory is filled under a temporary name and renamed,
 * so a crash never leaves a run directory that cannot be resumed.
 */
export function createRunDir(options: {
  out?: string; root: string; model: string; dataset: string; category: string; seed: number; files: Record<string, string>;
}): string {
  let dir: string;
  if (options.out) {
    dir = path.resolve(options.out);
    if (fs.existsSync(path.join(dir, RUN_FILES.metrics))) {
      throw new UserError(`${options.out}: already holds a complete run (metrics.json); choose another --out`);
    }
  } else {
    const parent = path.resolve(options.root, options.model, options.dataset, options.category);
    const base = `${timestamp(new Date())}-seed${options.seed}`;
    dir = path.join(parent, base);
    for (let i = 2; fs.existsSync(dir); i++) dir = path.join(parent, `${base}-${i}`);
  }
  try {
    if (fs.existsSync(dir)) {
      fs.accessSync(dir, fs.constants.W_OK);
      for (const [name, text] of Object.entries(options.files)) writeFileAtomic(path.join(dir, name), text);
    } else {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      const temp = path.join(path.dirname(dir), `.${path.basename(dir)}.creating-${process.pid}`);
      fs.rmSync(temp, { recursive: true, force: true });
      fs.mkdirSync(temp);
      for (const [name, text] of Object.entries(options.files)) writeFileAtomic(path.join(temp, name), text);
      fs.renameSync(temp, dir);
    }
  } catch (error) {
    throw new UserError(`${dir}: cannot create the results directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return dir;
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
