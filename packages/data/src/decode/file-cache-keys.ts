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

/** Files are hashed through reused buffers of this size: reading whole files into fresh ones cost a major GC every ~30 MB. */
const CHUNK_BYTES = 1 << 20;

/** What a file key hashes before the file's bytes: it names the decoder and the preprocessing. */
function keyPrefix(preprocessing: Preprocessing): string {
  const decoding = JSON.stringify({ decoder: STANDARD_DECODER, height: preprocessing.height, width: preprocessing.width, channels: preprocessing.channels });
  return `file\0${decoding}\0`;
}

/**
 * A key for an image file before decoding it: sha256 of `file\0<decoding>\0` and its bytes, where `decoding`
 * names the decoder and the preprocessing. Equal keys mean equal decoded pixels; the `file` prefix keeps these
 * keys apart from keys taken of decoded pixels in the same cache.
 */
async function fileCacheKey(filePath: string, prefix: string, chunk: Buffer): Promise<string> {
  const hash = createHash('sha256').update(prefix);
  const file = await fs.promises.open(filePath, 'r');
  try {
    for (let read = (await file.read(chunk, 0, chunk.length)).bytesRead; read > 0; read = (await file.read(chunk, 0, chunk.length)).bytesRead) {
      hash.update(chunk.subarray(0, read));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** fileCacheKey of every record's file, in order; undefined when any file cannot be read. */
export async function fileCacheKeys(records: readonly ImageRecord[], preprocessing: Preprocessing): Promise<string[] | undefined> {
  const prefix = keyPrefix(preprocessing);
  const chunks: Buffer[] = [];
  try {
    return await mapConcurrent(records, READ_CONCURRENCY, async (record) => {
      const chunk = chunks.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
      try {
        return await fileCacheKey(record.path, prefix, chunk);
      } finally {
        chunks.push(chunk);
      }
    });
  } catch {
    return undefined;
  }
}
