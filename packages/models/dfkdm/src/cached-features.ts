import * as tf from '@tensorflow/tfjs';
import { hostValuesOf } from '@anomaly-zoo/core';
import { AVERAGE_POOLING, defaultCacheRoot, FeatureCache, FeatureExtractor, Pooling, poolingId } from '@anomaly-zoo/components';

/** How many images went through the backbone and how many came from the cache, since creation. */
export interface FeatureCounts {
  computed: number;
  cached: number;
}

/**
 * Pooled backbone features with an optional on-disk cache in front. The key is the sha256 of each image's
 * pixels as the model receives them (so it covers the data preprocessing: size, channels, decoding) plus the
 * extractor's identity (weights, layers, input size and range) and the pooling; a hit skips the backbone for that image.
 */
export class CachedFeatures {
  readonly counts: FeatureCounts = { computed: 0, cached: 0 };
  private readonly cache?: FeatureCache;
  private featureLength?: number;

  constructor(readonly extractor: FeatureExtractor, cacheRoot?: string, private readonly pooling: Pooling = AVERAGE_POOLING) {
    // Average pooling adds nothing to the identity, so caches written before the pooling options still hit.
    const pooled = poolingId(pooling);
    if (cacheRoot !== undefined) this.cache = new FeatureCache(cacheRoot, pooled ? `${extractor.id}${pooled}` : extractor.id);
  }

  static withDefaultCache(extractor: FeatureExtractor, enabled: boolean, pooling: Pooling = AVERAGE_POOLING): CachedFeatures {
    return new CachedFeatures(extractor, enabled ? defaultCacheRoot() : undefined, pooling);
  }

  /** x: NHWC in [0, 1] (the caller keeps it) → [N, D] features, one row per image in order; cached by pixel keys. */
  async pooled(x: tf.Tensor4D): Promise<tf.Tensor2D> {
    if (!this.cache) {
      this.counts.computed += x.shape[0];
      return this.extractor.pooledAsync(x, this.pooling);
    }
    const n = x.shape[0];
    const imageLength = x.shape[1] * x.shape[2] * x.shape[3];
    const pixels = await hostValuesOf(x);
    return this.pooledUnder(x, Array.from({ length: n }, (_, i) => FeatureCache.keyOf(pixels.subarray(i * imageLength, (i + 1) * imageLength))));
  }

  /**
   * pooled(), cached under the caller's keys (one per image, each naming its pixels, e.g. a source's file keys)
   * instead of keys hashed from the pixels: a cold pass then neither reads the pixels back nor writes two entries
   * per image.
   */
  async pooledByKeys(x: tf.Tensor4D, keys: readonly string[]): Promise<tf.Tensor2D> {
    if (keys.length !== x.shape[0]) throw new Error(`feature cache: ${keys.length} keys for ${x.shape[0]} images`);
    if (!this.cache) return this.pooled(x);
    return this.pooledUnder(x, keys);
  }

  private async pooledUnder(x: tf.Tensor4D, keys: readonly string[]): Promise<tf.Tensor2D> {
    const n = x.shape[0];
    const rows: (Float32Array | undefined)[] = keys.map((key) => this.cache!.get(key, this.featureLength));
    // Before the first computation the length is unknown: the first hit sets it, and any other length is a miss.
    const expected = this.featureLength ?? rows.find((row) => row !== undefined)?.length;
    const missing = rows.flatMap((row, i) => (row !== undefined && row.length === expected ? [] : [i]));
    if (missing.length > 0) {
      const images = missing.length === n ? x : tf.gather(x, missing);
      const features = await this.extractor.pooledAsync(images, this.pooling);
      if (images !== x) images.dispose();
      const length = features.shape[1];
      const values = await features.data<'float32'>();
      features.dispose();
      const computed = missing.map((image, j) => (rows[image] = values.slice(j * length, (j + 1) * length)));
      this.cache!.setAll(missing.map((image) => keys[image]!), computed);
    }
    this.counts.computed += missing.length;
    this.counts.cached += n - missing.length;
    const length = rows[0]!.length;
    const out = new Float32Array(n * length);
    rows.forEach((row, i) => {
      if (row!.length !== length) throw new Error(`feature cache: ${row!.length} values for image ${i}, expected ${length}`);
      out.set(row!, i * length);
    });
    this.featureLength = length;
    return tf.tensor2d(out, [n, length]);
  }

  /** Whether features are kept on disk (keys are worth computing). */
  get caching(): boolean {
    return this.cache !== undefined;
  }

  /** Features of every key, or undefined unless all of them are cached (with one length); a whole hit skips decoding. */
  lookupAll(keys: readonly string[]): Float32Array[] | undefined {
    // Presence is known from the cache's index: a partly filled cache reads no vector before its batches run.
    if (!this.cache || keys.length === 0 || !keys.every((key) => this.cache!.has(key))) return undefined;
    const rows: Float32Array[] = [];
    for (const key of keys) {
      const row = this.cache.get(key, this.featureLength ?? rows[0]?.length);
      if (!row) return undefined;
      rows.push(row);
    }
    this.counts.cached += rows.length;
    return rows;
  }

  dispose(): void {
    this.extractor.dispose();
  }
}
