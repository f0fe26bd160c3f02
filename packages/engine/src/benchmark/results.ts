import * as fs from 'fs';
import * as path from 'path';
import { RUN_FILES } from '../run-dir';
import { BenchmarkJob, JOB_FILE } from './jobs';
import type { JobRecord } from './run-job';

export type JobStatus = 'ran' | 'skipped' | 'failed';

/** One line of benchmark.csv: the grid cell, what the run measured, what the benchmark measured. */
export interface BenchmarkRow {
  model: string;
  dataset: string;
  seed: number;
  status: JobStatus;
  image_auroc: number | null;
  image_f1: number | null;
  image_f1_trivial: number | null;
  pixel_auroc: number | null;
  fit_seconds: number | null;
  inference_images_per_second: number | null;
  peak_rss_mb: number | null;
  backend: string | null;
  run_dir: string;
}

export const ROW_COLUMNS: readonly (keyof BenchmarkRow)[] = [
  'model', 'dataset', 'seed', 'status', 'image_auroc', 'image_f1', 'image_f1_trivial', 'pixel_auroc',
  'fit_seconds', 'inference_images_per_second', 'peak_rss_mb', 'backend', 'run_dir',
];

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads a job's row from its run directory; a job without metrics.json is 'failed'. */
export function collectRow(job: BenchmarkJob, ranNow: boolean, relativeTo: string): BenchmarkRow {
  const metrics = readJson(path.join(job.outDir, RUN_FILES.metrics));
  const record = readJson(path.join(job.outDir, JOB_FILE)) as Partial<JobRecord> | undefined;
  const status: JobStatus = !metrics ? 'failed' : ranNow ? 'ran' : 'skipped';
  return {
    model: job.model,
    dataset: job.dataset,
    seed: job.seed,
    status,
    image_auroc: numberOrNull(metrics?.image_auroc),
    image_f1: numberOrNull(metrics?.image_f1),
    image_f1_trivial: numberOrNull(metrics?.image_f1_baseline),
    pixel_auroc: numberOrNull(metrics?.pixel_auroc),
    fit_seconds: numberOrNull(metrics?.fit_seconds),
    inference_images_per_second: numberOrNull(metrics?.test_images_per_second),
    peak_rss_mb: numberOrNull(record?.peak_rss_mb),
    backend: typeof metrics?.backend === 'string' ? metrics.backend : null,
    run_dir: path.relative(relativeTo, job.outDir) || '.',
  };
}
