import type { BenchmarkJob } from './jobs';
import { runScheduled } from './scheduler';

function job(model: string, dataset: string): BenchmarkJob {
  return { id: `${model}/${dataset}`, model, dataset, seed: 1, config: 'c.yaml', overrides: [], outDir: `/tmp/${model}/${dataset}` };
}

/** Runs jobs that finish only when the test releases them, recording the order of events. */
function controlledRun() {
  const events: string[] = [];
  const release = new Map<string, () => void>();
  let running = 0;
  let mostAtOnce = 0;
  const run = (j: BenchmarkJob): Promise<string> => {
    events.push(`start ${j.id}`);
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise((resolve) => {
      release.set(j.id, () => {
        running--;
        events.push(`end ${j.id}`);
        resolve(j.id);
      });
    });
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { events, release, run, settle, mostAtOnce: () => mostAtOnce };
}

describe('runScheduled', () => {
  it('starts a data set’s other jobs only after its first job, filling free slots with other data sets', async () => {
    const jobs = [job('m1', 'a'), job('m2', 'a'), job('m3', 'a'), job('m1', 'b'), job('m2', 'b')];
    const c = controlledRun();
    const all = runScheduled(jobs, 2, c.run);
    await c.settle();
    expect(c.events).toEqual(['start m1/a', 'start m1/b']);
    c.release.get('m1/b')!();
    await c.settle();
    // a's first job still runs, so the free slot goes to b's next job, not to m2/a.
    expect(c.events.slice(2)).toEqual(['end m1/b', 'start m2/b']);
    c.release.get('m1/a')!();
    await c.settle();
    expect(c.events.slice(4)).toEqual(['end m1/a', 'start m2/a']);
    c.release.get('m2/b')!();
    await c.settle();
    expect(c.events.slice(6)).toEqual(['end m2/b', 'start m3/a']);
    c.release.get('m2/a')!();
    c.release.get('m3/a')!();
    expect(await all).toEqual(['m1/a', 'm2/a', 'm3/a', 'm1/b', 'm2/b']);
    expect(c.mostAtOnce()).toBe(2);
  });

  it('runs one at a time with parallel = 1, in grid order', async () => {
    const jobs = [job('m1', 'a'), job('m2', 'a'), job('m1', 'b')];
    const c = controlledRun();
    const all = runScheduled(jobs, 1, c.run);
    for (const id of ['m1/a', 'm2/a', 'm1/b']) {
      await c.settle();
      expect(c.events[c.events.length - 1]).toBe(`start ${id}`);
      c.release.get(id)!();
    }
    await all;
    expect(c.mostAtOnce()).toBe(1);
  });
});
