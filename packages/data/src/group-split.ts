import type { ImageRecord } from '@anomaly-zoo/core';
import { createRng, UserError } from '@anomaly-zoo/core';

export interface GroupSplitOptions {
  /** Shares of the records (by count) for validation and test; training keeps the rest. */
  validation: number;
  test: number;
  seed: number;
  /** What the groups are, for error messages ('patient'). */
  groupName?: string;
}

export interface GroupSplit {
  train: ImageRecord[];
  validation: ImageRecord[];
  test: ImageRecord[];
}

/**
 * Splits records three ways by whole groups (`group`, else the path): the groups are shuffled by
 * seed, then validation takes groups until it holds at least round(validation × n) records, test
 * likewise, and training keeps the rest. A non-zero share always gets at least one group, and
 * training keeps at least one. Every part keeps the input order.
 */
export function splitByGroup(records: readonly ImageRecord[], options: GroupSplitOptions): GroupSplit {
  const { validation, test, seed } = options;
  const what = options.groupName ?? 'group';
  for (const [name, share] of [['validation', validation], ['test', test]] as const) {
    if (!(share >= 0 && share < 1)) throw new UserError(`${name} fraction must be in [0, 1) (got ${share})`);
  }
  if (validation + test >= 1) throw new UserError(`validation (${validation}) and test (${test}) fractions must add up to less than 1`);

  const sizes = new Map<string, number>();
  for (const record of records) sizes.set(groupKey(record), (sizes.get(groupKey(record)) ?? 0) + 1);
  const needed = 1 + (validation > 0 ? 1 : 0) + (test > 0 ? 1 : 0);
  if (records.length > 0 && sizes.size < needed) {
    throw new UserError(`cannot split ${records.length} images of ${sizes.size} ${what}(s) into ${needed} parts without a ${what} on two sides`);
  }

  const order = createRng(seed).shuffled([...sizes.keys()]);
  const partOf = new Map<string, 'validation' | 'test'>();
  let next = 0;
  const take = (part: 'validation' | 'test', share: number, keepBack: number): void => {
    if (share === 0) return;
    const target = Math.max(1, Math.round(share * records.length));
    let count = 0;
    while (count < target && next < order.length - keepBack) {
      const group = order[next++]!;
      partOf.set(group, part);
      count += sizes.get(group)!;
    }
  };
  take('validation', validation, test > 0 ? 2 : 1);
  take('test', test, 1);

  const split: GroupSplit = { train: [], validation: [], test: [] };
  for (const record of records) split[partOf.get(groupKey(record)) ?? 'train'].push(record);
  return split;
}

export function groupKey(record: ImageRecord): string {
  return record.group ?? record.path;
}
