import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from '@anomaly-zoo/core';

/** Where caches live: $ANOMALY_ZOO_CACHE, else ~/.cache/anomaly-zoo. */
export function defaultCacheRoot(): string {
  return process.env.ANOMALY_ZOO_CACHE ?? path.join(os.homedir(), '.cache', 'anomaly-zoo');
}

/**
 * Feature vectors on disk, keyed by the image's decoded pixels and the extractor's identity (weights,
 * layers, input size and range), so a second run on the same data skips the backbone. A cache file is
 * written atomically; an unreadable or wrong-sized one counts as a miss.
 */
export class FeatureCache {
  private readonly dir: string;

  constructor(root: string, extractorId: string) {
    this.dir = path.join(root, 'features', createHash('sha256').update(extractorId).digest('hex').slice(0, 24));
  }

  static keyOf(pixels: Float32Array): string {
    return createHash('sha256').update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)).digest('hex');
  }

  /** The stored vector; undefined when absent, unreadable, or not `length` values long (any whole number of values when length is omitted). */
  get(key: string, length?: number): Float32Array | undefined {
    try {
      const bytes = fs.readFileSync(this.fileFor(key));
      if (length === undefined ? bytes.byteLength % 4 !== 0 || bytes.byteLength === 0 : bytes.byteLength !== length * 4) return undefined;
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    } catch {
      return undefined;
    }
  }

  /** Not flushed to the disk (durable: false): a lost entry is only a miss, and a cold run writes two per image. */
  set(key: string, features: Float32Array): void {
    writeFileAtomic(this.fileFor(key), new Uint8Array(features.buffer, features.byteOffset, features.byteLength), { durable: false });
  }

  private fileFor(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.f32`);
  }
}
