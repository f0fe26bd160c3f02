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
 * A pack: the vectors stored together (one batch), all of one length, in one file written atomically.
 *   bytes 0–3 "AZFC", 4–7 version (1), 8–11 count, 12–15 length (values per vector), all uint32 little-endian;
 *   then count sha256 keys of 32 bytes; then count × length float32 values in key order, in the platform's byte order (little-endian on x86 and ARM).
 */
const PACK_MAGIC = 0x4346_5a41; // "AZFC" read as a little-endian uint32
const PACK_VERSION = 1;
const HEADER_BYTES = 16;
const KEY_BYTES = 32;
const PACK_SUFFIX = '.pack';
const SHA256_HEX = /^[0-9a-f]{64}$/;

interface PackHeader {
  count: number;
  length: number;
}

/** Where one stored vector is. */
interface Entry {
  file: string;
  offset: number;
  length: number;
}

/** A pack's header, or undefined when the file is not a whole pack of this version. */
function readHeader(fd: number, fileBytes: number): PackHeader | undefined {
  const header = Buffer.alloc(HEADER_BYTES);
  if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) return undefined;
  if (header.readUInt32LE(0) !== PACK_MAGIC || header.readUInt32LE(4) !== PACK_VERSION) return undefined;
  const count = header.readUInt32LE(8);
  const length = header.readUInt32LE(12);
  if (count === 0 || length === 0 || fileBytes !== HEADER_BYTES + count * (KEY_BYTES + length * 4)) return undefined;
  return { count, length };
}

/**
 * Feature vectors on disk, keyed by a sha256 that names an image's decoded pixels (FeatureCache.keyOf, or a source's
 * file key) and by the extractor's identity (weights, layers, input size and range), so a second run on the same
 * data skips the backbone.
 *
 * Vectors are written a batch at a time, each batch one pack file: a cold run on a few hundred images writes a dozen
 * files, not one per image (creating a file was the dearest part of a cache write on this project's disks). Packs
 * are found by listing the extractor's folder once; one that is unreadable, partial or of another version is
 * skipped, so its vectors count as misses.
 */
export class FeatureCache {
  /** Where this extractor's packs are. */
  readonly folder: string;
  private index?: Map<string, Entry>;

  constructor(root: string, extractorId: string) {
    this.folder = path.join(root, 'features', createHash('sha256').update(extractorId).digest('hex').slice(0, 24));
  }

  static keyOf(pixels: Float32Array): string {
    return createHash('sha256').update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)).digest('hex');
  }

  /** The stored vector; undefined when absent, unreadable, or not `length` values long (any length when omitted). */
  get(key: string, length?: number): Float32Array | undefined {
    const entry = this.entries().get(key);
    if (!entry || (length !== undefined && entry.length !== length)) return undefined;
    try {
      const values = new Float32Array(entry.length);
      const fd = fs.openSync(entry.file, 'r');
      try {
        const bytes = fs.readSync(fd, new Uint8Array(values.buffer), 0, values.byteLength, entry.offset);
        return bytes === values.byteLength ? values : undefined;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /**
   * Stores vectors of one length under their keys (sha256 hex strings), as one pack. Not flushed to the disk
   * (durable: false): a lost pack is only a miss.
   */
  setAll(keys: readonly string[], vectors: readonly Float32Array[]): void {
    if (keys.length !== vectors.length) throw new Error(`feature cache: ${keys.length} keys for ${vectors.length} vectors`);
    if (keys.length === 0) return;
    const length = vectors[0]!.length;
    if (length === 0 || vectors.some((v) => v.length !== length)) throw new Error('feature cache: vectors of one pack must share a non-zero length');
    const bad = keys.find((key) => !SHA256_HEX.test(key));
    if (bad !== undefined) throw new Error(`feature cache: key ${JSON.stringify(bad)} is not a sha256 hex digest`);
    const pack = Buffer.alloc(HEADER_BYTES + keys.length * (KEY_BYTES + length * 4));
    pack.writeUInt32LE(PACK_MAGIC, 0);
    pack.writeUInt32LE(PACK_VERSION, 4);
    pack.writeUInt32LE(keys.length, 8);
    pack.writeUInt32LE(length, 12);
    keys.forEach((key, i) => pack.write(key, HEADER_BYTES + i * KEY_BYTES, 'hex'));
    const valuesStart = HEADER_BYTES + keys.length * KEY_BYTES;
    const values = new Float32Array(pack.buffer, pack.byteOffset + valuesStart, keys.length * length);
    vectors.forEach((vector, i) => values.set(vector, i * length));
    const index = this.entries(); // listed before the new pack is there, which is then added by hand
    const name = createHash('sha256').update(pack).digest('hex').slice(0, 32);
    const file = path.join(this.folder, `${name}${PACK_SUFFIX}`);
    writeFileAtomic(file, pack, { durable: false });
    keys.forEach((key, i) => index.set(key, { file, offset: valuesStart + i * length * 4, length }));
  }

  set(key: string, features: Float32Array): void {
    this.setAll([key], [features]);
  }

  /** Whether a vector is stored under `key` (of any length), from the index: no file is read. */
  has(key: string): boolean {
    return this.entries().has(key);
  }

  /** Vectors stored, counting a key stored twice once. */
  get size(): number {
    return this.entries().size;
  }

  /** Every stored key's place, from the pack headers (read once, then kept up to date by setAll). */
  private entries(): Map<string, Entry> {
    if (!this.index) {
      this.index = new Map();
      indexPacks(this.folder, this.index);
    }
    return this.index;
  }

  /** Vectors stored under `root` for every extractor (a key stored twice for one extractor counted once). */
  static storedUnder(root: string): number {
    const features = path.join(root, 'features');
    const folders = fs.existsSync(features) ? fs.readdirSync(features) : [];
    return folders.reduce((total, folder) => {
      const index = new Map<string, Entry>();
      indexPacks(path.join(features, folder), index);
      return total + index.size;
    }, 0);
  }
}

/** Adds the place of every vector in `dir`'s packs to `index`. */
function indexPacks(dir: string, index: Map<string, Entry>): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith(PACK_SUFFIX));
  } catch {
    return; // no folder yet: nothing stored
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const header = readHeader(fd, fs.fstatSync(fd).size);
        const keys = header && Buffer.alloc(header.count * KEY_BYTES);
        if (!header || !keys || fs.readSync(fd, keys, 0, keys.length, HEADER_BYTES) !== keys.length) continue;
        const valuesStart = HEADER_BYTES + keys.length;
        for (let i = 0; i < header.count; i++) {
          index.set(keys.toString('hex', i * KEY_BYTES, (i + 1) * KEY_BYTES), { file, offset: valuesStart + i * header.length * 4, length: header.length });
        }
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // An unreadable pack is skipped: its vectors are misses.
    }
  }
}
