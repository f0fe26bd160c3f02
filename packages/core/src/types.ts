import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, GraphHeads, GraphRuntime } from './graph-export';
import type { ModelSource } from './model-source';

/** 0 = normal, 1 = anomalous. */
export type Label = 0 | 1;

/** One image a loader found, before any decoding. */
export interface ImageRecord {
  path: string;
  label: Label;
  /** 'good' for normal images; the defect folder's name otherwise. */
  defectType: string;
  /** Ground-truth mask (white = defect) where the data set has one. */
  maskPath?: string;
  /** A key that must not cross splits (e.g. the malaria patient); the path itself when absent. */
  group?: string;
}

export interface DataSplits {
  train: ImageRecord[];
  validation: ImageRecord[];
  test: ImageRecord[];
}

/** How files become tensors; saved with every model so scoring later does exactly the same. */
export interface Preprocessing {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** A batch of decoded images, NHWC float32 in [0, 1]. The consumer disposes `x`. */
export interface ImageBatch {
  x: tf.Tensor4D;
  records: ImageRecord[];
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle with this seed; file order when absent. */
  shuffleSeed?: number;
}

export interface BatchSource {
  readonly size: number;
  readonly preprocessing: Preprocessing;
  batches(options: BatchOptions): AsyncIterable<ImageBatch>;
  /**
   * Keys that identify each image's pixels without decoding it (e.g. for feature caches), made by the source from
   * what it reads and how it decodes it; undefined when it cannot tell (in-memory or custom-decoded images, an
   * unreadable file). Absent: the source never can.
   */
  cacheKeys?(): Promise<SourceCacheKeys | undefined>;
}

/** A source's images in batch (file) order, each with a key: equal keys mean equal decoded pixels. */
export interface SourceCacheKeys {
  records: readonly ImageRecord[];
  keys: readonly string[];
}

export interface ScoreResult {
  /** One per image; higher means more anomalous. */
  scores: Float32Array;
  /** Per-image anomaly maps, height × width of the preprocessing, row-major. */
  maps?: Float32Array[];
  /** Per-image reconstructions (H × W × C in [0, 1]) for models that reconstruct. */
  reconstructions?: Float32Array[];
  /** Named parts of a combined score, one value per image each. */
  parts?: Record<string, Float32Array>;
}

export interface ScoreOptions {
  maps?: boolean;
  reconstructions?: boolean;
}

export interface ModelContext {
  preprocessing: Preprocessing;
  seed: number;
  log: (message: string) => void;
  /** Where frozen backbones run their inference natively (runtime.engine); undefined: on tfjs. Training stays on tfjs. */
  runtime?: GraphRuntime;
  /**
   * Where pretrained backbones are read from instead of this machine's models directory (e.g. a folder a page
   * serves): a backbone folder is `pretrainedModels.child(<its folder name>)`.
   */
  pretrainedModels?: ModelSource;
  /** Told how long a model's phases take (benchmarks); nothing is measured for it when absent. */
  profiler?: Profiler;
}

/** Receives the time a model spent in a named phase (e.g. 'features'); a phase may be reported many times. */
export interface Profiler {
  span(phase: string, seconds: number): void;
}

/** Image scores for a whole source, in the order of `records`; anomaly maps only where they were asked for. */
export interface ScoredSource {
  records: ImageRecord[];
  scores: Float32Array;
  maps?: Float32Array[];
}

interface AnomalyModelCommon {
  /** Scores a batch (NHWC in [0, 1]); the caller keeps ownership of `x`. */
  score(x: tf.Tensor4D, options?: ScoreOptions): Promise<ScoreResult>;
  /**
   * Optional: scores a whole source (image scores only), e.g. from cached features without decoding the images.
   * Undefined means "score it batch by batch as usual". Must give exactly what `score` gives.
   */
  scoreSource?(source: BatchSource): Promise<ScoredSource | undefined>;
  /** Writes everything needed to score again into `dir` (weights, fitted statistics). */
  save(dir: string): Promise<void>;
  /**
   * Writes the scoring of a fitted model into `g`, from `input` (NHWC float32 in [0, 1] at the preprocessing
   * size) to the raw score and map that `score` gives. Throws GraphExportUnsupported naming what is missing.
   */
  exportGraph?(g: GraphBuilder, input: string): Promise<GraphHeads>;
  dispose(): void;
}

/** Trained by the engine's loop: epochs of `optimizer.minimize(() => loss(batch))`. */
export interface GradientModel extends AnomalyModelCommon {
  readonly training: 'gradient';
  /**
   * Optional: asynchronous set-up the loss needs (e.g. loading a frozen pretrained backbone), awaited by the
   * training loop before it asks for trainableVariables(). Must be idempotent.
   */
  prepare?(): Promise<void>;
  loss(x: tf.Tensor4D): tf.Scalar;
  trainableVariables(): tf.Variable[];
  /**
   * Called before each epoch (1-based). Models that draw noise while training reseed it here from their seed
   * and the epoch, so a run resumed from a checkpoint draws exactly what the uninterrupted run would have.
   */
  beginEpoch?(epoch: number): void;
  /** Runs once after the last epoch (e.g. fitting a density over latent codes). */
  afterTraining?(train: BatchSource, ctx: ModelContext): Promise<void>;
}

/** Fitted in one pass over the normal training images; no epochs. */
export interface SinglePassModel extends AnomalyModelCommon {
  readonly training: 'single-pass';
  fit(train: BatchSource, ctx: ModelContext): Promise<void>;
}

export type AnomalyModel = GradientModel | SinglePassModel;

/** A JSON Schema object (draft-07 subset understood by ajv). */
export type JsonSchema = Record<string, unknown>;

/**
 * What a model package exports and the registry lists. `schema` describes the model block of a
 * config (every key but `name`), with defaults; the engine validates and fills it before `create`.
 */
export interface ModelDefinition<Config extends object = object> {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
  create(config: Config, ctx: ModelContext): AnomalyModel;
  /** Rebuilds a model from what `save` wrote, read through `source` (a directory, a URL, a page's files). */
  load(source: ModelSource, config: Config, ctx: ModelContext): Promise<AnomalyModel>;
}

/** Erases the config type so definitions of different models fit in one registry. */
export function defineModel<Config extends object>(definition: ModelDefinition<Config>): ModelDefinition<object> {
  return definition as unknown as ModelDefinition<object>;
}
