import * as path from 'path';
import { directorySource, ModelSource, urlSource } from '@anomaly-zoo/core';
import { initBackend } from '@anomaly-zoo/backend';
import type { BackendInfo } from '@anomaly-zoo/backend';
import { decodeImage, decodeImageBuffer } from '@anomaly-zoo/data';
import {
  chooseInferenceEngine, Logger, loadRunConfig, resolveModelDir, resolveRunConfig, RUN_FILES, runTest, runTraining, scorerOn, silentLogger,
} from '@anomaly-zoo/engine';
import type { EngineChoice, EngineScorer, ModelManifest, RunConfig, ScoringEngine, TestMetrics, TrainProgress } from '@anomaly-zoo/engine';
import { AnomalyDetector, ImageDecoder } from './detector';
import { detectorFrom, LoadOptions } from './portable';

export { AnomalyDetector } from './detector';
export type { Detection, ImageDataLike, ImageInput, Label, ScoreOptions } from './detector';
export { listModels } from './portable';
/** An anomaly map as RGB bytes (black → red → yellow → white between its own min and max), as tools/predict --maps draws it. */
export { heatMapRgb } from '@anomaly-zoo/eval';
export type { LoadOptions, ModelInfo } from './portable';
export { directorySource, filesSource, urlSource } from '@anomaly-zoo/core';
export type { ModelSource, NamedBlob } from '@anomaly-zoo/core';
export type { BackendInfo, EngineScorer, ModelManifest, RunConfig, ScoringEngine, TestMetrics, TrainProgress };

/** Decodes paths and file bytes exactly as tools/predict and tools/test do (sharp: EXIF, sRGB, linear resize). */
const decodeFile: ImageDecoder = (input, pre) =>
  typeof input === 'string' ? decodeImage(input, pre) : decodeImageBuffer(Buffer.from(input.buffer, input.byteOffset, input.byteLength), 'image bytes', pre);

export interface NodeLoadOptions extends LoadOptions {
  /**
   * What scores: `auto` (default) ONNX Runtime when it loads, as tools/predict does, else tfjs; `onnxruntime` or
   * `tfjs` to insist. ONNX Runtime scores the model's exported graph (tfjs's scores within 1e-4).
   */
  engine?: EngineChoice;
}

/**
 * Loads a saved model: a run directory (its `model/` is used) or a saved model directory, the http(s) URL of a
 * `model/` folder, or any ModelSource. Starts the fastest TensorFlow.js backend and inference engine first, as the
 * tools do, so `score` runs at the speed of tools/predict and gives its scores.
 */
export async function loadModel(source: string | URL | ModelSource, options: NodeLoadOptions = {}): Promise<AnomalyDetector> {
  const log = options.log ?? (() => undefined);
  await initBackend({ log });
  const engine = await chooseInferenceEngine(options.engine ?? 'auto', 'auto', log);
  return detectorFrom(toSource(source), options, decodeFile, {
    runtime: engine.runtime,
    scoring: async (model, manifest) => scorerOn(engine.name, model, manifest.model, manifest.preprocessing, log, engine.threads),
  });
}

function toSource(source: string | URL | ModelSource): ModelSource {
  if (typeof source !== 'string' && !(source instanceof URL)) return source;
  const text = String(source);
  if (/^https?:\/\//i.test(text)) return urlSource(text);
  const dir = text.startsWith('file://') ? new URL(text).pathname : text;
  return directorySource(path.resolve(resolveModelDir(dir)));
}

export interface TrainOptions {
  /** `key=value` overrides, as `--set` on the command line (e.g. 'training.epochs=5'). */
  set?: string[];
  /** Write the run exactly here (as `tools/train --out`); otherwise under the config's `output.root`. */
  out?: string;
  /** With `out`: start over in an unfinished run there. */
  force?: boolean;
  /** Each stage starting and every finished epoch. */
  onProgress?: (event: TrainProgress) => void;
  /** Abort to stop at the next epoch or stage; the run directory stays resumable with `tools/train --resume`. */
  signal?: AbortSignal;
  /** Where the run's log lines go; silent by default. */
  log?: (message: string) => void;
}

export interface TrainResult {
  /** The run directory (config.yaml, metrics.json, scores.csv, model/, ...). */
  runDir: string;
  /** The saved model inside it, for `loadModel`. */
  modelDir: string;
  metrics: TestMetrics;
  backend: BackendInfo;
}

/**
 * Trains, calibrates and evaluates one run, exactly as `tools/train` does: `config` is a YAML file's path or the
 * config itself as an object (checked against the same schema, defaults filled in).
 */
export async function train(config: string | Record<string, unknown>, options: TrainOptions = {}): Promise<TrainResult> {
  const overrides = options.set ?? [];
  const resolved: RunConfig = typeof config === 'string' ? loadRunConfig(config, overrides) : resolveRunConfig(config, 'config', overrides);
  const result = await runTraining(resolved, {
    out: options.out, force: options.force, logger: loggerOf(options.log), onProgress: options.onProgress, signal: options.signal,
  });
  return { runDir: result.runDir, modelDir: path.join(result.runDir, RUN_FILES.model), metrics: result.metrics, backend: result.backend };
}

export interface EvaluateOptions {
  /** Overrides of the run's config, e.g. another test set or a new threshold strategy (chosen on validation scores). */
  set?: string[];
  /** Write the evaluation here; otherwise a new folder under `<run>/evaluations/`. */
  out?: string;
  force?: boolean;
  log?: (message: string) => void;
}

export interface EvaluateResult {
  outDir: string;
  metrics: TestMetrics;
  backend: BackendInfo;
}

/** Re-scores a finished run's test split with its saved model, as `tools/test --run` does. */
export function evaluate(runDir: string, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  return runTest({ runDir, overrides: options.set ?? [], out: options.out, force: options.force, logger: loggerOf(options.log) });
}

function loggerOf(log: ((message: string) => void) | undefined): Logger {
  return log ? { info: log, warn: (message) => log(`warning: ${message}`) } : silentLogger;
}
