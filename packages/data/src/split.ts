import type { ImageRecord } from '@anomaly-zoo/core';
import { createRng, UserError } from '@anomaly-zoo/core';

export interface ValidationSplitOptions {
  /** Share of the training images (by count) to hold out, in [0, 1). */
  fraction: number;
  seed: number;
}

/**
 * Holds out a seeded part of the (normal) training images for validation. Whole groups move
 * together (`group`, else the path), so no group is on both sides; when fraction > 0 and there are
 * at least two images, validation gets at least one and training keeps at least one group.
 * Both parts keep the input order. Only the given training records are ever used.
 */
export function splitValidation(train: readonly ImageRecord[], options: ValidationSplitOptions): { train: ImageRecord[]; validation: ImageRecord[] } {
  const { fraction, seed } = options;
  if (!(fraction >= 0 && fraction < 1)) throw new UserError(`validation fraction must be in [0, 1) (got ${fraction})`);
  if (fraction === 0 || train.length < 2) return { train: train.slice(), validation: [] };

  const groups = groupSizes(train);
  if (groups.size < 2) {
    throw new UserError(`cannot hold out validation images: all ${train.length} training images share group '${[...groups.keys()][0]}'`);
  }
  const target = Math.max(1, Math.round(fraction * train.length));
  const held = new Set<string>();
  let heldCount = 0;
  for (const group of createRng(seed).shuffled([...groups.keys()])) {
    if (heldCount >= target || held.size === groups.size - 1) break;
    held.add(group);
    heldCount += groups.get(group)!;
  }
  return {
    train: train.filter((record) => !held.has(groupOf(record))),
    validation: train.filter((record) => held.has(groupOf(record))),
  };
}

function groupOf(record: ImageRecord): string {
  return record.group ?? record.path;
}

/** Insertion-ordered, so the shuffle input (and so the split) depends only on the records' order. */
function groupSizes(records: readonly ImageRecord[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const record of records) sizes.set(groupOf(record), (sizes.get(groupOf(record)) ?? 0) + 1);
  return sizes;
}
