import * as fs from 'fs';
import * as path from 'path';
import { RUN_FILES } from '../run-dir';
import type { Grid } from './grid';

/** One cell of the grid: one tools/train process writing one run directory. */
export interface BenchmarkJob {
  id: string;
  model: string;
  dataset: string;
  seed: number;
  config: string;
  /** Grid-wide, then the model's, then the data set's overrides, then the seed. */
  overrides: string[];
  outDir: string;
}

export const JOB_FILE = 'benchmark-job.json';

/** Every model × data set × seed, data set by data set so a data set's jobs sit together. */
export function expandJobs(grid: Grid): BenchmarkJob[] {
  const jobs: BenchmarkJob[] = [];
  for (const dataset of grid.datasets) {
    for (const model of grid.models) {
      for (const seed of grid.seeds) {
        jobs.push({
          id: `${model.name}/${dataset.name}/seed${seed}`,
          model: model.name,
          dataset: dataset.name,
          seed,
          config: model.config,
          overrides: [...grid.set, ...model.set, ...dataset.set, `seed=${seed}`],
          outDir: path.resolve(grid.out, model.name, dataset.name, `seed${seed}`),
        });
      }
    }
  }
  return jobs;
}

/** A job is finished when its run wrote metrics.json, which tools/train writes last. */
export function isFinished(job: BenchmarkJob): boolean {
  return fs.existsSync(path.join(job.outDir, RUN_FILES.metrics));
}
