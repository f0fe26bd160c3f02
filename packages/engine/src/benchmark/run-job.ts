import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeJsonAtomic } from '@anomaly-zoo/core';
import { RUN_FILES } from '../run-dir';
import { BenchmarkJob, JOB_FILE } from './jobs';

/** The repository root, from src/benchmark or dist/benchmark alike. */
const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TRAIN_TOOL = path.join(REPO_ROOT, 'tools', 'train');
const PEAK_RSS_PRELOAD = path.join(REPO_ROOT, 'tools', '_peak-rss.js');
const JOB_LOG = 'benchmark-job.log';

/** What the benchmark itself measured about a job, beside the run's own metrics.json. */
export interface JobRecord {
  id: string;
  exit_code: number | null;
  wall_seconds: number;
  peak_rss_mb: number | null;
  wasm_threads: string;
  command: string[];
  finished: string;
}

/**
 * Runs tools/train for one job in its own process, output to `<out>/benchmark-job.log`; the child
 * reports its own peak RSS on exit. Never rejects for a failed job: the record says how it ended.
 */
export function runJob(job: BenchmarkJob, options: { wasmThreads: string }): Promise<JobRecord> {
  fs.mkdirSync(job.outDir, { recursive: true });
  const rssFile = path.join(job.outDir, '.peak-rss.json');
  fs.rmSync(rssFile, { force: true });
  // A job killed earlier left an unfinished run: the benchmark owns its job folders, so it starts that job over.
  const startOver = fs.existsSync(path.join(job.outDir, RUN_FILES.config)) ? ['--force'] : [];
  const args = ['--require', PEAK_RSS_PRELOAD, ...trainCommand(job), ...startOver];
  const log = fs.openSync(path.join(job.outDir, JOB_LOG), 'w');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', log, log],
      env: { ...process.env, ANOMALY_ZOO_PEAK_RSS_FILE: rssFile, TFJS_WASM_THREADS: options.wasmThreads },
    });
    liveChildren.add(child);
    const finish = (code: number | null): void => {
      liveChildren.delete(child);
      fs.closeSync(log);
      const record: JobRecord = {
        id: job.id,
        exit_code: code,
        wall_seconds: Math.round((performance.now() - started) / 10) / 100,
        peak_rss_mb: readPeakRssMb(rssFile),
        wasm_threads: options.wasmThreads,
        command: trainCommand(job),
        finished: new Date().toISOString(),
      };
      writeJsonAtomic(path.join(job.outDir, JOB_FILE), record);
      resolve(record);
    };
    child.on('error', () => finish(null));
    child.on('exit', (code) => finish(code));
  });
}

/** The tools/train processes running now, so a signal to the benchmark reaches them too. */
const liveChildren = new Set<ChildProcess>();

/**
 * Sends `signal` to every running job and resolves once all have exited: a benchmark stopped with Ctrl-C or
 * SIGTERM must not leave orphaned tools/train processes writing job folders a rerun would race.
 */
export function stopRunningJobs(signal: NodeJS.Signals): Promise<void> {
  const exits = [...liveChildren].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  }));
  for (const child of liveChildren) child.kill(signal);
  return Promise.all(exits).then(() => undefined);
}

/** tools/train's arguments for a job; recorded with it, so a re-run can tell when the grid changed. */
export function trainCommand(job: BenchmarkJob): string[] {
  return [TRAIN_TOOL, '--config', job.config, ...job.overrides.flatMap((o) => ['--set', o]), '--out', job.outDir];
}

/** For a finished job: true when it ran with other arguments than the grid now gives it. */
export function ranWithOtherCommand(job: BenchmarkJob): boolean {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(job.outDir, JOB_FILE), 'utf8')) as JobRecord;
    return JSON.stringify(record.command) !== JSON.stringify(trainCommand(job));
  } catch {
    return false;
  }
}

function readPeakRssMb(file: string): number | null {
  try {
    const { max_rss_kb } = JSON.parse(fs.readFileSync(file, 'utf8')) as { max_rss_kb: number };
    fs.rmSync(file, { force: true });
    return Math.round(max_rss_kb / 102.4) / 10;
  } catch {
    return null;
  }
}

/** wasm threads per job: the cores shared out between the jobs running at once (at least one). */
export function threadsPerJob(jobs: number): string {
  return process.env.TFJS_WASM_THREADS ?? String(Math.max(1, Math.floor(os.cpus().length / jobs)));
}

export function jobLogPath(job: BenchmarkJob): string {
  return path.join(job.outDir, JOB_LOG);
}
