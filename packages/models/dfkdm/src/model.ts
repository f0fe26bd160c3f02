import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { BatchSource, ModelContext, Preprocessing, ScoredSource, ScoreResult, SinglePassModel } from '@anomaly-zoo/core';
import { UserError, writeJsonAtomic } from '@anomaly-zoo/core';
import { pcaOptions } from '@anomaly-zoo/components';
import { BackboneReference, backboneSpecFor, loadBackbone, loadReferencedBackbone } from './backbone';
import { CachedFeatures, FeatureCounts } from './cached-features';
import type { DfkdmConfig } from './config';
import { DensityHead, DensityHeadJSON } from './density-head';
import { fileKeysOf } from './file-keys';

export const DFKDM_FILE = 'dfkdm.json';
const FIT_BATCH = 32;

export interface DfkdmFile {
  format: 'dfkdm';
  version: 1;
  /** The image preprocessing the features were computed after (the backbone's own resize and range are in `backbone`). */
  preprocessing: Preprocessing;
  backbone: BackboneReference;
  trainingImages: number;
  head: DensityHeadJSON;
}

/** Time spent in each phase of fit() and score(), seconds, accumulated (for logs and benchmarks). */
export interface DfkdmTimings {
  /** Loading the backbone's weights. */
  load: number;
  /** Waiting for the next batch from the source (decoding, when the source decodes on demand). */
  input: number;
  features: number;
  density: number;
}

/** DFKDM: pretrained CNN features → PCA → scaling → Gaussian KDE (or one Gaussian); score = −log p(features). */
export class DfkdmModel implements SinglePassModel {
  readonly training = 'single-pass' as const;
  readonly timings: DfkdmTimings = { load: 0, input: 0, features: 0, density: 0 };
  private features?: CachedFeatures;
  private backboneSpec?: BackboneReference['spec'];
  private head?: DensityHead;
  private trainingImages = 0;

  constructor(private readonly config: DfkdmConfig, private readonly ctx: ModelContext) {
    pcaOptions(config.pca_components); // a bad value fails here, before any image is read
  }

  static async load(dir: string, config: DfkdmConfig, ctx: ModelContext): Promise<DfkdmModel> {
    const file = path.join(dir, DFKDM_FILE);
    if (!fs.existsSync(file)) throw new UserError(`${dir}: no ${DFKDM_FILE} (not a saved DFKDM model)`);
    let saved: DfkdmFile;
    try {
      saved = JSON.parse(fs.readFileSync(file, 'utf8')) as DfkdmFile;
    } catch (error) {
      throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (saved?.format !== 'dfkdm' || saved.version !== 1) throw new UserError(`${file}: not a DFKDM model file of version 1`);
    const model = new DfkdmModel(config, { ...ctx, preprocessing: saved.preprocessing });
    const extractor = await loadReferencedBackbone(saved.backbone, config.backbone, file, ctx.log);
    model.features = CachedFeatures.withDefaultCache(extractor, config.feature_cache);
    model.backboneSpec = saved.backbone.spec;
    try {
      model.head = DensityHead.fromJSON(saved.head);
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
    const fileKeys = this.config.feature_cache ? await fileKeysOf(train, train.preprocessing) : undefined;
    const fromFiles = fileKeys && features.lookupAll(fileKeys.inOrder);
    this.timings.features += (performance.now() - lookupStarted) / 1000;
    const rows = fromFiles ?? (await this.featuresOfBatches(train, features, fileKeys?.byPath));
    const n = rows.length;
    if (n < 2) throw new UserError(`dfkdm: needs at least 2 training images, got ${n}`);
    const started = performance.now();
    const dimension = rows[0]!.length;
    const all = new Float32Array(n * dimension);
    rows.forEach((row, i) => all.set(row, i * dimension));
    const matrix = tf.tensor2d(all, [n, dimension]);
    this.head?.dispose();
    try {
      this.head = DensityHead.fit(matrix, this.config, ctx.seed);
    } finally {
      matrix.dispose();
    }
    this.trainingImages = n;
    this.timings.density += (performance.now() - started) / 1000;
    const computed = features.counts.computed - before.computed;
    const source = fromFiles ? 'all from the cache by file, none decoded' : `${computed} from the backbone, ${n - computed} from the cache`;
    ctx.log(`dfkdm: ${n} training images, ${dimension}-d features (${source}) → PCA ${this.head.components}, ${this.config.scorer}`);
  }

  /** One feature row per image, in the source's order; stored under the file keys too when there are any. */
  private async featuresOfBatches(train: BatchSource, features: CachedFeatures, fileKeys?: Map<string, string>): Promise<Float32Array[]> {
    const rows: Float32Array[] = [];
    let waitStarted = performance.now();
    for await (const batch of train.batches({ batchSize: FIT_BATCH })) {
      const started = performance.now();
      this.timings.input += (started - waitStarted) / 1000;
      try {
        const pooled = await features.pooled(batch.x);
        const [count, d] = pooled.shape;
        const values = await pooled.data<'float32'>();
        pooled.dispose();
        const batchRows = Array.from({ length: count }, (_, i) => values.slice(i * d, (i + 1) * d));
        rows.push(...batchRows);
        const keys = fileKeys && batch.records.map((r) => fileKeys.get(r.path));
        if (keys && keys.length === batchRows.length && keys.every((k): k is string => k !== undefined)) features.storeAll(keys, batchRows);
      } finally {
        batch.x.dispose();
      }
      waitStarted = performance.now();
      this.timings.features += (waitStarted - started) / 1000;
    }
    return rows;
  }

  async score(x: tf.Tensor4D): Promise<ScoreResult> {
    if (!this.head || !this.features) throw new Error('dfkdm: score() before fit()');
    const started = performance.now();
    const pooled = await this.features.pooled(x);
    this.timings.features += (performance.now() - started) / 1000;
    return { scores: await this.scoreFeatures(pooled) };
  }

  /**
   * A source whose files are known is scored by file key: images already in the feature cache are not even
   * decoded, and the others are stored under their file keys for next time. Same scores as score().
   */
  async scoreSource(source: BatchSource): Promise<ScoredSource | undefined> {
    if (!this.head || !this.features) throw new Error('dfkdm: scoreSource() before fit()');
    const files = source.files;
    const keys = this.config.feature_cache && files ? await fileKeysOf(source, source.preprocessing) : undefined;
    if (!keys || !files) return files?.length === 0 ? { records: [], scores: new Float32Array(0) } : undefined;
    const rows = this.features.lookupAll(keys.inOrder) ?? (await this.featuresOfBatches(source, this.features, keys.byPath));
    const dimension = rows[0]?.length ?? 0;
    const all = new Float32Array(rows.length * dimension);
    rows.forEach((row, i) => all.set(row, i * dimension));
    return { records: [...files], scores: await this.scoreFeatures(tf.tensor2d(all, [rows.length, dimension])) };
  }

  /** −log density of pooled features [N, D]; disposes them. */
  private async scoreFeatures(pooled: tf.Tensor2D): Promise<Float32Array> {
    const started = performance.now();
    const scores = this.head!.score(pooled);
    pooled.dispose();
    const values = await scores.data<'float32'>();
    scores.dispose();
    this.timings.density += (performance.now() - started) / 1000;
    return Float32Array.from(values);
  }

  async save(dir: string): Promise<void> {
    if (!this.head || !this.features || !this.backboneSpec) throw new Error('dfkdm: save() before fit()');
    const file: DfkdmFile = {
      format: 'dfkdm',
      version: 1,
      preprocessing: this.ctx.preprocessing,
      backbone: { spec: this.backboneSpec, id: this.features.extractor.id },
      trainingImages: this.trainingImages,
      head: this.head.toJSON(),
    };
    writeJsonAtomic(path.join(dir, DFKDM_FILE), file);
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
      const spec = backboneSpecFor(this.config.backbone, this.ctx.log);
      const extractor = await loadBackbone(spec, this.ctx.log);
      this.features = CachedFeatures.withDefaultCache(extractor, this.config.feature_cache);
      this.backboneSpec = spec;
      this.timings.load += (performance.now() - started) / 1000;
    }
    return this.features;
  }
}
