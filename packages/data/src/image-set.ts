import type * as tf from '@tensorflow/tfjs';
import type { BatchOptions, BatchSource, ImageBatch, ImageRecord, Preprocessing, SourceCacheKeys } from '@anomaly-zoo/core';
import { createRng, mapConcurrent, quietly, tensor4dFromHost, UserError } from '@anomaly-zoo/core';
import { bytesToUnitFloats, decodeImageBytes } from './decode/decode-image';
import { decodeMask } from './decode/decode-mask';
import { fileCacheKeys } from './decode/file-cache-keys';
import { checkPreprocessing } from './decode/sharp-input';

/** Turns one record into pre.height × pre.width × pre.channels bytes (HWC). */
export type ImageDecoder = (record: ImageRecord, preprocessing: Preprocessing) => Promise<Uint8Array>;

export interface ImageSetOptions {
  /** Batches decoded ahead of the one the consumer holds (default 2; 0 decodes on demand). */
  prefetch?: number;
  /** Keep decoded bytes in memory after the first pass (default true). */
  cache?: boolean;
  limitInputPixels?: number;
  /** Replaces file decoding (in-memory sources). */
  decode?: ImageDecoder;
  /** Called as each image starts decoding, with the decode in flight (instrumentation; decoding is unchanged). */
  onDecode?: (record: ImageRecord, decoding: Promise<Uint8Array>) => void;
}

/** Files decoded at the same time by decodeAll() and masks(). */
const WHOLE_SET_CONCURRENCY = 8;

/**
 * Streams records as NHWC float32 batches. Decoding runs on sharp's thread pool, `prefetch`
 * batches ahead of the consumer, so it overlaps the consumer's tensor work.
 */
export class ImageSet implements BatchSource {
  readonly records: readonly ImageRecord[];
  /** The image files behind the records when each image is the standard decode of its file; absent with a custom decoder. */
  readonly files?: readonly ImageRecord[];
  readonly preprocessing: Preprocessing;
  /** Reads one record as this set does (HWC bytes), without its cache. */
  readonly decode: ImageDecoder;
  private readonly options: ImageSetOptions;
  private readonly prefetch: number;
  private readonly decoder: ImageDecoder;
  /** Promises rather than bytes, so a record requested twice while decoding is decoded once. */
  private readonly cache: (Promise<Uint8Array> | undefined)[] | undefined;

  constructor(records: readonly ImageRecord[], preprocessing: Preprocessing, options: ImageSetOptions = {}) {
    checkPreprocessing(preprocessing);
    this.records = records.slice();
    this.preprocessing = { ...preprocessing };
    this.options = { ...options };
    this.prefetch = options.prefetch ?? 2;
    if (!Number.isInteger(this.prefetch) || this.prefetch < 0) throw new UserError(`prefetch must be a non-negative integer (got ${options.prefetch})`);
    const limitInputPixels = options.limitInputPixels;
    const decode: ImageDecoder = options.decode ?? ((record, pre) => decodeImageBytes(record.path, pre, { limitInputPixels }));
    this.decode = decode;
    const onDecode = options.onDecode;
    this.decoder = onDecode
      ? (record, pre) => {
          const decoding = decode(record, pre);
          onDecode(record, decoding);
          return decoding;
        }
      : decode;
    if (!options.decode) this.files = this.records;
    this.cache = (options.cache ?? true) ? new Array(records.length) : undefined;
  }

  /** A set over other records (e.g. a subset), read the same way, with `overrides` to prefetch and cache. */
  withRecords(records: readonly ImageRecord[], overrides: Pick<ImageSetOptions, 'prefetch' | 'cache'> = {}): ImageSet {
    return new ImageSet(records, this.preprocessing, { ...this.options, ...overrides });
  }

  /** File-content keys (see fileCacheKey) when the images are files read by the standard decoder. */
  async cacheKeys(): Promise<SourceCacheKeys | undefined> {
    if (!this.files) return undefined;
    const keys = await fileCacheKeys(this.files, this.preprocessing);
    return keys && { records: this.files, keys };
  }

  get size(): number {
    return this.records.length;
  }

  /** Batches in file order, or shuffled by `shuffleSeed` (the same seed gives the same order). The consumer disposes `x`. */
  async *batches(options: BatchOptions): AsyncGenerator<ImageBatch> {
    const { batchSize, shuffleSeed } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserError(`batch size must be a positive integer (got ${batchSize})`);
    const order = this.records.map((_, i) => i);
    const indices = shuffleSeed === undefined ? order : createRng(shuffleSeed).shuffled(order);
    const chunks: number[][] = [];
    for (let start = 0; start < indices.length; start += batchSize) chunks.push(indices.slice(start, start + batchSize));

    const pending: Promise<Uint8Array[]>[] = [];
    let started = 0;
    const startUpTo = (count: number): void => {
      while (started < chunks.length && pending.length < count) {
        pending.push(quietly(Promise.all(chunks[started++]!.map((i) => this.decodeIndex(i)))));
      }
    };
    for (const chunk of chunks) {
      startUpTo(this.prefetch + 1);
      const images = await pending.shift()!;
      // While the consumer holds this batch, at most `prefetch` later ones are decoding.
      startUpTo(this.prefetch);
      yield { x: this.toTensor(images), records: chunk.map((i) => this.records[i]!) };
    }
  }

  /** Every image as HWC float32 in [0, 1], in record order. */
  async decodeAll(): Promise<Float32Array[]> {
    const bytes = await mapConcurrent(this.records, WHOLE_SET_CONCURRENCY, (_, i) => this.decodeIndex(i));
    return bytes.map((image) => bytesToUnitFloats(image));
  }

  /** Each record's mask at the preprocessing size (0/1, H × W), or undefined where it has none. */
  async masks(): Promise<(Uint8Array | undefined)[]> {
    return mapConcurrent(this.records, WHOLE_SET_CONCURRENCY, async (record) =>
      record.maskPath === undefined ? undefined : decodeMask(record.maskPath, this.preprocessing),
    );
  }

  clearCache(): void {
    this.cache?.fill(undefined);
  }

  private decodeIndex(index: number): Promise<Uint8Array> {
    const cached = this.cache?.[index];
    if (cached) return cached;
    const decoding = this.decoder(this.records[index]!, this.preprocessing);
    if (this.cache) {
      this.cache[index] = decoding;
      // A failed decode is not cached: the next pass reports it again.
      decoding.catch(() => {
        if (this.cache?.[index] === decoding) this.cache[index] = undefined;
      });
    }
    return decoding;
  }

  private toTensor(images: Uint8Array[]): tf.Tensor4D {
    const { height, width, channels } = this.preprocessing;
    const imageSize = height * width * channels;
    const data = new Float32Array(images.length * imageSize);
    images.forEach((image, n) => {
      if (image.length !== imageSize) throw new Error(`decoder returned ${image.length} values, expected ${imageSize}`);
      bytesToUnitFloats(image, data, n * imageSize);
    });
    return tensor4dFromHost(data, [images.length, height, width, channels]);
  }
}
