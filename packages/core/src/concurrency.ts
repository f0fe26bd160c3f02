/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. After a call
 * rejects no further call starts, and the returned promise rejects with that first error once the calls already
 * in flight have settled (so nothing keeps running behind the caller's back).
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`mapConcurrent: limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

/** Marks a promise as handled so a rejection nobody awaits yet (or ever) isn't reported as unhandled. */
export function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
