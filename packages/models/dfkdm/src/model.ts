import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type {
  BatchSource, GraphBuilder, GraphHeads, ImageRecord, ModelContext, Preprocessing, ScoredSource, ScoreResult, SinglePassModel,
} from '@anomaly-zoo/core';
import { ModelSource, readSourceJson, UserError, writeJsonAtomic } from '@anomaly-zoo/core';
import { AVERAGE_POOLING, backboneLoadOptions, backbonePooledGraph, type Pooling } from '@anomaly-zoo/components';
import { BackboneRef, BackboneSpec, loadBackbone, loadConfiguredBackbone, readBackboneRef } from '@anomaly-zoo/components';
import { checkDensityOptions, DensityPipeline, DensityPipelineJSON, LegacyDensityHeadJSON, poolingOf } from '@anomaly-zoo/components';
import { CachedFeatures, FeatureCounts } from './cached-features';
import type { DfkdmConfig } from './config';

const FIT_BATCH = 32;

/** A source's cache keys as fit and scoreSource use them: in record order, and by path for batches. */
interface SourceKeys {
  records: readonly ImageRecord[];
  inOrder: readonly string[];
  byPath: Map<string, string>;
}

/** Which pooled-feature density model this is: its config name and the file its fitted state is saved in. */
export interface PooledDensityVariant {
  name: 'dfkdm' | 'dfm';
  file: string;
}

export const DFKDM_VARIANT: PooledDensityVariant = { name: 'dfkdm', file: 'dfkdm.json' };
export const DFKDM_FILE = DFKDM_VARIANT.file;

/**
 * Version 3 records the backbone as a BackboneRef. Version 2 saved the head as the components' DensityPipeline JSON
 * and recorded the pooling; version 1 files (DFKDM before the shared pipeline: `head: { pca, scaler, scorer }`,
 * average pooling) still load and score as before.
 */
export interface DfkdmFile {
  format: 'dfkdm' | 'dfm';
  version: 1 | 2 | 3;
  /** The image preprocessing the features were computed after (the backbone's own resize and range are in `backbone`). */
  preprocessing: Preprocessing;
  /** The backbone fitted with; versions 1 and 2: the spec it was loaded from and its FeatureExtractor id string. */
  backbone: BackboneRef | { spec: BackboneSpec; id: string };
  /** How each layer's map became a vector (absent in version 1: average pooling). */
  pooling?: Pooling;
  trainingImages: number;
  head: DensityPipelineJSON | LegacyDensityHeadJSON;
}

/**
 * The phases fit() and score() report to the context's profiler: 'load' (the backbone's weights), 'input' (waiting
 * for the next batch from the source: decoding, when it decodes on demand), 'features' (backbone and cache look-ups)
 * and 'density' (the head).
 */
export type DfkdmPhase = 'load' | 'input' | 'features' | 'density';

/**
 * DFKDM (and DFM, the same model with a single-Gaussian head): pretrained CNN features, pooled → the components'
 * DensityPipeline (PCA, scaling, Gaussian KDE or one Gaussian); score = −log p(features).
 */
export class DfkdmModel implements SinglePassModel {
  readonly training = 'single-pass' as const;
  private features?: CachedFeatures;
  private head?: DensityPipeline;
  private trainingImages = 0;
  private readonly pooling: Pooling;

  constructor(private readonly config: DfkdmConfig, private readonly ctx: ModelContext, private readonly variant: PooledDensityVariant = DFKDM_VARIANT) {
    checkDensityOptions(config); // a bad value fails here, before any image is read
    this.pooling = poolingOf(config);
  }

  static async load(source: ModelSource, config: DfkdmConfig, ctx: ModelContext, variant: PooledDensityVariant = DFKDM_VARIANT): Promise<DfkdmModel> {
    const file = source.describe(variant.file);
    const saved = (await readSourceJson(source, variant.file)) as DfkdmFile | undefined;
    if (saved === undefined) throw new UserError(`${source.location}: no ${variant.file} (not a saved ${variant.name.toUpperCase()} model)`);
    if (saved?.format !== variant.name || !(saved.version === 1 || saved.version === 2 || saved.version === 3)) {
      throw new UserError(`${file}: not a ${variant.name.toUpperCase()} model file of version 1, 2 or 3 (format ${JSON.stringify(saved?.format)}, version ${JSON.stringify(saved?.version)})`);
    }
    const pooling = saved.pooling ?? AVERAGE_POOLING;
    const model = new DfkdmModel({ ...config, pooling: pooling.kind, gem_p: pooling.p, normalise_layers: pooling.normaliseLayers }, { ...ctx, preprocessing: saved.preprocessing }, variant);
    const extractor = await loadBackbone(readBackboneRef(saved.backbone, file), config.backbone, file, { log: ctx.log, ...backboneLoadOptions(ctx) });
    // A backbone read through a source (a page, a server) comes with no disk to keep a feature cache on.
    model.features = CachedFeatures.withDefaultCache(extractor, config.feature_cache && !ctx.pretrainedModels, pooling);
    try {
      model.head = DensityPipeline.fromJSON(saved.head);
    } catch (error) {
      model.dispose();
      throw error;
    }
    model.trainingImages = saved.trainingImages;
    return model;
  }

  /** Images that went through the backbone and images whose features came from the cache, since creation. */
  get featureCounts(): FeatureCounts {
    return { ...(this.features?.counts ?? { computed: 0, cached: 0 }) };
  }

  async fit(train: BatchSource, ctx: ModelContext): Promise<void> {
    const features = await this.backbone();
    const before = { ...features.counts };
    const lookupStarted = performance.now();
    const sourceKeys = await this.cacheKeysOf(train);
    const fromFiles = sourceKeys && features.lookupAll(sourceKeys.inOrder);
    this.spent('features', lookupStarted);
    const rows = fromFiles ?? (await this.featuresOfBatches(train, features, sourceKeys?.byPath));
    const n = rows.length;
    if (n < 2) throw new UserError(`${this.variant.name}: needs at least 2 training images, got ${n}`);
    const started = performance.now();
    const dimension = rows[0]!.length;
    const all = new Float32Array(n * dimension);
    rows.forEach((row, i) => all.set(row, i * dimension));
    const matrix = tf.tensor2d(all, [n, dimension]);
    this.head?.dispose();
    try {
      this.head = DensityPipeline.fit(matrix, this.config, ctx.seed);
    } finally {
      matrix.dispose();
    }
    this.trainingImages = n;
    this.spent('density', started);
    const computed = features.counts.computed - before.computed;
    const source = fromFiles ? 'all from the cache by file, none decoded' : `${computed} from the backbone, ${n - computed} from the cache`;
    const shrinkage = this.head.shrinkageIntensity > 0 ? `, shrinkage ${this.head.shrinkageIntensity.toFixed(3)}` : '';
    ctx.log(`${this.variant.name}: ${n} training images, ${dimension}-d features (${source}) → ${this.head.dimensions}-d ${this.config.density}${shrinkage}`);
  }

  /** One feature row per image, in the source's order; cached under the source's keys when it has them, else by pixels. */
  private async featuresOfBatches(train: BatchSource, features: CachedFeatures, sourceKeys?: Map<string, string>): Promise<Float32Array[]> {
    const rows: Float32Array[] = [];
    let waitStarted = performance.now();
    for await (const batch of train.batches({ batchSize: FIT_BATCH })) {
      const started = this.spent('input', waitStarted);
      try {
        const keys = sourceKeys && batch.records.map((r) => sourceKeys.get(r.path));
        const keyed = keys !== undefined && keys.every((k): k is string => k !== undefined);
        const pooled = keyed ? await features.pooledByKeys(batch.x, keys) : await features.pooled(batch.x);
        const [count, d] = pooled.shape;
        const values = await pooled.data<'float32'>();
        pooled.dispose();
        rows.push(...Array.from({ length: count }, (_, i) => values.slice(i * d, (i + 1) * d)));
      } finally {
        batch.x.dispose();
      }
      waitStarted = this.spent('features', started);
    }
    return rows;
  }

  async score(x: tf.Tensor4D): Promise<ScoreResult> {
    if (!this.head || !this.features) throw new Error(`${this.variant.name}: score() before fit()`);
    const started = performance.now();
    const pooled = await this.features.pooled(x);
    this.spent('features', started);
    return { scores: await this.scoreFeatures(pooled) };
  }

  /** score() as a graph: the backbone's pooled, joined feature row → −log density. No map. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    if (!this.head || !this.features) throw new Error(`${this.variant.name}: exportGraph() before fit()`);
    const pooled = backbonePooledGraph(this.features.extractor, g, input, this.ctx.preprocessing, this.pooling);
    return { score: this.head.exportGraph(g, pooled) };
  }

  /**
   * A source that keys its images (BatchSource.cacheKeys) is scored by key: images already in the feature cache
   * are not even decoded, and the others are stored under their keys for next time. Same scores as score().
   */
  async scoreSource(source: BatchSource): Promise<ScoredSource | undefined> {
    if (!this.head || !this.features) throw new Error(`${this.variant.name}: scoreSource() before fit()`);
    const keys = await this.cacheKeysOf(source);
    if (!keys) return undefined;
    if (keys.records.length === 0) return { records: [], scores: new Float32Array(0) };
    const rows = this.features.lookupAll(keys.inOrder) ?? (await this.featuresOfBatches(source, this.features, keys.byPath));
    const dimension = rows[0]?.length ?? 0;
    const all = new Float32Array(rows.length * dimension);
    rows.forEach((row, i) => all.set(row, i * dimension));
    return { records: [...keys.records], scores: await this.scoreFeatures(tf.tensor2d(all, [rows.length, dimension])) };
  }

  /** The source's cache keys, in order and by path (batches name images by record); undefined without the cache or keys. */
  private async cacheKeysOf(source: BatchSource): Promise<SourceKeys | undefined> {
    if (!this.features?.caching || !source.cacheKeys) return undefined;
    const identity = await source.cacheKeys();
    if (!identity || identity.records.length !== source.size || identity.keys.length !== source.size) return undefined;
    return { records: identity.records, inOrder: identity.keys, byPath: new Map(identity.records.map((r, i) => [r.path, identity.keys[i]!])) };
  }

  /** Reports the time since `started` (a performance.now()) as `phase` to the profiler; returns now. */
  private spent(phase: DfkdmPhase, started: number): number {
    const now = performance.now();
    this.ctx.profiler?.span(phase, (now - started) / 1000);
    return now;
  }

  /** −log density of pooled features [N, D]; disposes them. */
  private async scoreFeatures(pooled: tf.Tensor2D): Promise<Float32Array> {
    const started = performance.now();
    const scores = this.head!.score(pooled);
    pooled.dispose();
    const values = await scores.data<'float32'>();
    scores.dispose();
    this.spent('density', started);
    return Float32Array.from(values);
  }

  async save(dir: string): Promise<void> {
    if (!this.head || !this.features) throw new Error(`${this.variant.name}: save() before fit()`);
    const file: DfkdmFile = {
      format: this.variant.name,
      version: 3,
      preprocessing: this.ctx.preprocessing,
      backbone: this.features.extractor.ref,
      pooling: this.pooling,
      trainingImages: this.trainingImages,
      head: this.head.toJSON(),
    };
    writeJsonAtomic(path.join(dir, this.variant.file), file);
  }

  dispose(): void {
    this.head?.dispose();
    this.head = undefined;
    this.features?.dispose();
    this.features = undefined;
  }

  private async backbone(): Promise<CachedFeatures> {
    if (!this.features) {
      const started = performance.now();
      const extractor = await loadConfiguredBackbone(this.config.backbone, undefined, this.ctx.log, backboneLoadOptions(this.ctx));
      this.features = CachedFeatures.withDefaultCache(extractor, this.config.feature_cache, this.pooling);
      this.spent('load', started);
    }
    return this.features;
  }
}
