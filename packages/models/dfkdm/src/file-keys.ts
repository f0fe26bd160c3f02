import * as fs from 'fs';
import type { BatchSource, Preprocessing } from '@anomaly-zoo/core';
import { mapConcurrent } from '@anomaly-zoo/core';
import { FeatureCache } from '@anomaly-zoo/components';

const READ_CONCURRENCY = 8;

export interface FileKeys {
  /** One key per record, in the source's record (file) order. */
  inOrder: string[];
  byPath: Map<string, string>;
}

/**
 * Cache keys for a source's images taken from their files, before anything is decoded: sha256 of each file's bytes
 * plus the preprocessing they are decoded to. Only for sources that declare their `files` (the data package's
 * ImageSet with its standard decoder); undefined when the source has none or a file cannot be read, and the caller
 * then keys by decoded pixels instead.
 */
export async function fileKeysOf(source: BatchSource, preprocessing: Preprocessing): Promise<FileKeys | undefined> {
  const records = source.files;
  if (!records || records.length !== source.size || records.length === 0) return undefined;
  const decoding = JSON.stringify({ decoder: 'anomaly-zoo/data sharp', ...preprocessing });
  let inOrder: string[];
  try {
    inOrder = await mapConcurrent(records, READ_CONCURRENCY, async (record) => FeatureCache.keyOfFile(await fs.promises.readFile(record.path), decoding));
  } catch {
    return undefined;
  }
  return { inOrder, byPath: new Map(records.map((r, i) => [r.path, inOrder[i]!])) };
}
