import { createHash } from 'crypto';
import * as fs from 'fs';
import type { ImageRecord, Preprocessing } from '@anomaly-zoo/core';
import { mapConcurrent } from '@anomaly-zoo/core';

/**
 * Names what decodeImageBytes does to a file, so a cache key changes with it: give it a new name whenever the decode
 * rules (orientation, flattening, colour, resize kernel) change, since the same file then gives other pixels. The
 * preprocessing (size, channels) is keyed apart.
 */
const STANDARD_DECODER = 'anomaly-zoo/data sharp';

const READ_CONCURRENCY = 8;

/**
 * A key for an image file before decoding it: sha256 of `file\0<decoding>\0` and its bytes, where `decoding`
 * names the decoder and the preprocessing. Equal keys mean equal decoded pixels; the `file` prefix keeps these
 * keys apart from keys taken of decoded pixels in the same cache.
 */
function fileCacheKey(bytes: Uint8Array, preprocessing: Preprocessing): string {
  const decoding = JSON.stringify({ decoder: STANDARD_DECODER, height: preprocessing.height, width: preprocessing.width, channels: preprocessing.channels });
  return createHash('sha256').update(`file\0${decoding}\0`).update(bytes).digest('hex');
}

/** fileCacheKey of every record's file, in order; undefined when any file cannot be read. */
export async function fileCacheKeys(records: readonly ImageRecord[], preprocessing: Preprocessing): Promise<string[] | undefined> {
  try {
    return await mapConcurrent(records, READ_CONCURRENCY, async (record) => fileCacheKey(await fs.promises.readFile(record.path), preprocessing));
  } catch {
    return undefined;
  }
}
