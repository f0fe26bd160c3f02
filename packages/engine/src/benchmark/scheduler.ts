import type { BenchmarkJob } from './jobs';

/**
 * Runs `run` over the jobs, at most `parallel` at once, earliest ready job first, with one rule: the
 * first job of each data set finishes before that data set's other jobs start, so a data set that is
 * generated or cached on first use is prepared by one process, not raced by several. Meanwhile other
 * data sets' jobs fill the free slots.
 */
export async function runScheduled<R>(jobs: readonly BenchmarkJob[], parallel: number, run: (job: BenchmarkJob) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  const firstOfDataset = new Map<string, number>();
  jobs.forEach((job, i) => {
    if (!firstOfDataset.has(job.dataset)) firstOfDataset.set(job.dataset, i);
  });
  const preparedDatasets = new Set<string>();
  const waiting = jobs.map((_, i) => i);
  const running = new Set<Promise<void>>();
  const slots = Math.max(1, parallel);
  const isReady = (i: number): boolean => firstOfDataset.get(jobs[i]!.dataset) === i || preparedDatasets.has(jobs[i]!.dataset);

  while (waiting.length > 0 || running.size > 0) {
    let started = false;
    while (running.size < slots) {
      const position = waiting.findIndex(isReady);
      if (position < 0) break;
      const i = waiting.splice(position, 1)[0]!;
      const job = jobs[i]!;
      const task: Promise<void> = run(job).then(
        (result) => {
          results[i] = result;
        },
      ).finally(() => {
        if (firstOfDataset.get(job.dataset) === i) preparedDatasets.add(job.dataset);
        running.delete(task);
      });
      running.add(task);
      started = true;
    }
    if (running.size === 0 && !started) throw new Error('benchmark scheduler: jobs left that can never become ready');
    if (running.size > 0) await Promise.race(running);
  }
  return results;
}
