import * as path from 'path';
import { writeFileAtomic } from '@anomaly-zoo/core';
import type { Logger } from '../log';
import { loadGrid } from './grid';
import { BenchmarkJob, expandJobs, isFinished } from './jobs';
import { benchmarkCsv, benchmarkHtml, benchmarkMarkdown } from './report';
import { BenchmarkRow, collectRow } from './results';
import { jobLogPath, ranWithOtherCommand, runJob, threadsPerJob } from './run-job';
import { runScheduled } from './scheduler';

export interface BenchmarkOptions {
  grid: string;
  jobs: number;
  logger: Logger;
}

export interface BenchmarkResult {
  outDir: string;
  rows: BenchmarkRow[];
  files: { csv: string; markdown: string; html: string };
}

export const BENCHMARK_FILES = { csv: 'benchmark.csv', markdown: 'benchmark.md', html: 'benchmark.html' } as const;

/** Runs every unfinished job of a grid (finished ones are kept), then writes the comparison files. */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const { logger } = options;
  const grid = loadGrid(options.grid);
  const jobs = expandJobs(grid);
  const outDir = path.resolve(grid.out);
  const pending = jobs.filter((job) => !isFinished(job));
  logger.info(`benchmark ${grid.name}: ${jobs.length} jobs, ${jobs.length - pending.length} already finished, ${pending.length} to run, ${options.jobs} at a time`);
  for (const job of jobs.filter((j) => isFinished(j) && ranWithOtherCommand(j))) {
    logger.warn(`${job.id}: finished with other settings than the grid now gives (kept; delete ${job.outDir} to re-run it)`);
  }
  const wasmThreads = threadsPerJob(options.jobs);
  let done = 0;
  const ran = new Set<BenchmarkJob>();
  await runScheduled(pending, options.jobs, async (job) => {
    logger.info(`start ${job.id}`);
    const record = await runJob(job, { wasmThreads });
    ran.add(job);
    done++;
    const ok = record.exit_code === 0 && isFinished(job);
    logger.info(`[${done}/${pending.length}] ${job.id}: ${ok ? 'finished' : `FAILED (exit ${record.exit_code}; see ${jobLogPath(job)})`} in ${record.wall_seconds} s, peak RSS ${record.peak_rss_mb ?? 'n/a'} MB`);
    return record;
  });
  const rows = jobs.map((job) => collectRow(job, ran.has(job), outDir));
  const title = `anomaly-zoo benchmark: ${grid.name}`;
  const files = {
    csv: path.join(outDir, BENCHMARK_FILES.csv),
    markdown: path.join(outDir, BENCHMARK_FILES.markdown),
    html: path.join(outDir, BENCHMARK_FILES.html),
  };
  writeFileAtomic(files.csv, benchmarkCsv(rows));
  writeFileAtomic(files.markdown, benchmarkMarkdown(title, rows));
  writeFileAtomic(files.html, benchmarkHtml(title, rows));
  return { outDir, rows, files };
}
