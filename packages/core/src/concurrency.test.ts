import { mapConcurrent, quietly } from './concurrency';

/** A call that resolves when the test says so, to control the order in which calls finish. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  it('keeps the input order when calls finish out of order, with never more than `limit` in flight', async () => {
    const gates = Array.from({ length: 7 }, () => deferred<void>());
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const done = mapConcurrent([10, 11, 12, 13, 14, 15, 16], 3, async (item, index) => {
      started.push(index);
      inFlight++;
      most = Math.max(most, inFlight);
      await gates[index]!.promise;
      inFlight--;
      return item * 2;
    });
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const i of [2, 0, 6, 1, 5, 3, 4]) {
      gates[i]!.resolve();
      await tick();
    }
    expect(await done).toEqual([20, 22, 24, 26, 28, 30, 32]);
    expect(most).toBe(3);
  });

  it('handles no items and a limit above the item count', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
    expect(await mapConcurrent(['a', 'b'], 8, async (s, i) => `${s}${i}`)).toEqual(['a0', 'b1']);
  });

  it('starts nothing after a rejection and rejects with the first error once the calls in flight settle', async () => {
    const gates = Array.from({ length: 6 }, () => deferred<number>());
    const started: number[] = [];
    let settled = false;
    const done = mapConcurrent([0, 1, 2, 3, 4, 5], 2, (i) => {
      started.push(i);
      return gates[i]!.promise;
    }).finally(() => {
      settled = true;
    });
    quietly(done);
    await tick();
    gates[0]!.reject(new Error('first'));
    await tick();
    expect(settled).toBe(false); // item 1 is still in flight
    gates[1]!.reject(new Error('second'));
    await expect(done).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(mapConcurrent([1], 0, async (x) => x)).rejects.toThrow(/limit must be a positive integer, got 0/);
  });
});
