import { Command } from 'commander';
import { UserError } from '@anomaly-zoo/core';
import { benchmarkMarkdown } from '../benchmark/report';
import { loadGrid } from '../benchmark/grid';
import { expandJobs, isFinished } from '../benchmark/jobs';
import { runBenchmark } from '../benchmark/run-benchmark';
import { stopRunningJobs, trainCommand } from '../benchmark/run-job';
import { stderrLogger } from '../log';
import { runCli } from './run-cli';

export function benchmarkMain(argv: string[]): Promise<number> {
  let failed = 0;
  return runCli(async () => {
    const program = new Command('benchmark')
      .description('Train and evaluate every model × data set × seed of a grid, one process per job; resumable')
      .requiredOption('-g, --grid <yaml>', 'grid file, e.g. benchmarks/quick.yaml')
      .option('-j, --jobs <n>', 'jobs run at once', '1')
      .option('--list', 'print the tools/train command of every unfinished job, one per line, and run nothing (for a cluster)')
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ grid: string; jobs: string; list?: boolean }>();
    if (opts.list) {
      for (const job of expandJobs(loadGrid(opts.grid)).filter((j) => !isFinished(j))) process.stdout.write(`${shellLine(trainCommand(job))}\n`);
      return;
    }
    const jobs = Number(opts.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs: must be a positive integer (got '${opts.jobs}')`);
    forwardStopSignals();
    const result = await runBenchmark({ grid: opts.grid, jobs, logger: stderrLogger });
    process.stdout.write(benchmarkMarkdown(`results: ${result.outDir}`, result.rows));
    process.stdout.write(`\n${result.files.csv}\n${result.files.markdown}\n${result.files.html}\n`);
    failed = result.rows.filter((r) => r.status === 'failed').length;
    if (failed > 0) process.stderr.write(`error: ${failed} job${failed === 1 ? '' : 's'} failed; re-run the same command to retry only those\n`);
  }).then((code) => (code === 0 && failed > 0 ? 1 : code));
}

/** On SIGINT or SIGTERM: pass it to the running jobs, wait for them to exit, then exit as killed by it (128 + n). */
function forwardStopSignals(): void {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping the running jobs and waiting for them to exit\n`);
      void stopRunningJobs(signal).then(() => process.exit(codes[signal]));
    });
  }
}

function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_./=:,@+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
