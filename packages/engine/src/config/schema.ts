import type { JsonSchema } from '@anomaly-zoo/core';
import { DATA_FORMATS, dataFormatNames, DataFormatName } from '@anomaly-zoo/data';
import { THRESHOLD_STRATEGIES, ThresholdStrategy } from '@anomaly-zoo/eval';
/** Re-exported: the run config's sizes read with it (it lives apart so the saved-model loader needs no schema). */
export { sizeOf } from '../tiling/tile-grid';

export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
/** What runs the inference of frozen backbones: ONNX Runtime, tfjs, or (auto) ONNX Runtime when it loads. */
export type EngineChoice = 'auto' | 'onnxruntime' | 'tfjs';
export type { ThresholdStrategy };

export interface DataConfig {
  format: DataFormatName;
  /** Data-set name used in the results path; defaults to the format. */
  name?: string;
  root: string;
  category?: string;
  image_size: number | [number, number];
  channels: 1 | 3;
  validation_fraction: number;
  cache: boolean;
  prefetch: number;
  limit_input_pixels: number;
  /** A file that cannot be decoded: stop naming it (error), or leave it out, logged and counted (skip). */
  on_bad_image: 'error' | 'skip';
  /** Score tiles of a larger image instead of the image shrunk to image_size (see packages/engine/src/tiling). */
  tiling?: TilingConfig;
}

export interface TilingConfig {
  resize_to: number | [number, number];
  /** The models' input; data.image_size when absent. */
  tile_size?: number | [number, number];
  /** tile_size when absent (no overlap). */
  stride?: number | [number, number];
  reduction: 'max' | 'mean';
  /** One model per tile position (single-pass models only). */
  ensemble: boolean;
}

/** The chosen format's own block, `data.<format>`, as validated and filled by its schema. */
export function formatOptionsOf(data: DataConfig): object {
  return ((data as unknown as Record<string, object | undefined>)[data.format]) ?? {};
}

/** A side length, or [height, width]. */
function sizeSchema(minimum: number): JsonSchema {
  return {
    oneOf: [
      { type: 'integer', minimum, maximum: 4096 },
      { type: 'array', items: { type: 'integer', minimum, maximum: 4096 }, minItems: 2, maxItems: 2 },
    ],
  };
}

/** The keys of `data` that every format shares; each format's own keys live under `data.<format name>`. */
export const SHARED_DATA_KEYS: Record<string, JsonSchema> = {
  format: { enum: dataFormatNames() },
  name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
  root: { type: 'string', minLength: 1, default: 'datasets' },
  category: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
  image_size: { default: 64, ...sizeSchema(8) },
  channels: { enum: [1, 3], default: 3 },
  validation_fraction: { type: 'number', minimum: 0, maximum: 0.9, default: 0.1 },
  cache: { type: 'boolean', default: true },
  prefetch: { type: 'integer', minimum: 0, maximum: 64, default: 2 },
  limit_input_pixels: { type: 'integer', minimum: 1, default: 268402689 },
  on_bad_image: { enum: ['error', 'skip'], default: 'error' },
  tiling: {
    type: 'object',
    additionalProperties: false,
    required: ['resize_to'],
    properties: {
      resize_to: sizeSchema(8),
      tile_size: sizeSchema(8),
      stride: sizeSchema(1),
      reduction: { enum: ['max', 'mean'], default: 'max' },
      ensemble: { type: 'boolean', default: false },
    },
  },
};

/**
 * Every format's block with its keys checked (a typo in any block is caught) but nothing required:
 * only the chosen format's block is then validated in full, with its defaults (see resolveRunConfig).
 */
function formatBlocks(): Record<string, JsonSchema> {
  return Object.fromEntries(Object.values(DATA_FORMATS).map((format) => {
    const { required: _required, ...lenient } = format.schema;
    return [format.name, lenient];
  }));
}

export interface TrainingConfig {
  epochs: number;
  batch_size: number;
  learning_rate: number;
  early_stopping: { patience: number; min_delta: number };
}

export interface EvaluationConfig {
  threshold: { strategy: ThresholdStrategy; percentile: number; k: number; value?: number; target_fpr: number; target_recall: number };
  /** Defective copies of normal validation images added to the images the threshold is chosen from (0 = none). */
  validation: { synthetic_anomalies: number };
  pixel_metrics: boolean;
  batch_size: number;
  /** Seeded bootstrap interval for image AUROC (seed = the run's seed); resamples 0 turns it off. */
  bootstrap: { resamples: number; level: number };
  /** Test images drawn as original | reconstruction | heat map | overlay, and how they are picked. */
  visualisations: { count: number; selection: 'mixed' | 'worst_false_positives' | 'worst_false_negatives' | 'random' };
  /** Plots and report.html in the run directory. */
  report: boolean;
}

export interface RunConfig {
  seed: number;
  model: { name: string } & Record<string, unknown>;
  data: DataConfig;
  training: TrainingConfig;
  evaluation: EvaluationConfig;
  runtime: { backend: BackendChoice; threads: number | 'auto'; engine: EngineChoice };
  output: { root: string };
}

/** The engine's part of a run config; `model` is checked against the chosen model's own schema afterwards. */
export const runConfigSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'data'],
  properties: {
    seed: { type: 'integer', minimum: 0, default: 42 },
    model: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1 } },
    },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['format'],
      properties: {
        ...SHARED_DATA_KEYS,
        ...formatBlocks(),
      },
    },
    training: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        epochs: { type: 'integer', minimum: 1, default: 20 },
        batch_size: { type: 'integer', minimum: 1, default: 32 },
        learning_rate: { type: 'number', exclusiveMinimum: 0, default: 0.001 },
        early_stopping: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            patience: { type: 'integer', minimum: 0, default: 0 },
            min_delta: { type: 'number', minimum: 0, default: 0 },
          },
        },
      },
    },
    evaluation: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        threshold: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            strategy: { enum: [...THRESHOLD_STRATEGIES], default: 'adaptive_f1' },
            percentile: { type: 'number', minimum: 0, maximum: 100, default: 99 },
            k: { type: 'number', default: 0.5 },
            value: { type: 'number' },
            target_fpr: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.01 },
            target_recall: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 },
          },
        },
        validation: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: { synthetic_anomalies: { type: 'integer', minimum: 0, default: 0 } },
        },
        pixel_metrics: { type: 'boolean', default: true },
        bootstrap: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            resamples: { type: 'integer', minimum: 0, default: 1000 },
            level: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 },
          },
        },
        visualisations: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            count: { type: 'integer', minimum: 0, default: 12 },
            selection: { enum: ['mixed', 'worst_false_positives', 'worst_false_negatives', 'random'], default: 'mixed' },
          },
        },
        report: { type: 'boolean', default: true },
        batch_size: { type: 'integer', minimum: 1, default: 32 },
      },
    },
    runtime: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        backend: { enum: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'], default: 'auto' },
        threads: { oneOf: [{ type: 'integer', minimum: 1, maximum: 64 }, { const: 'auto' }], default: 'auto' },
        engine: { enum: ['auto', 'onnxruntime', 'tfjs'], default: 'auto' },
      },
    },
    output: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { root: { type: 'string', minLength: 1, default: 'results' } },
    },
  },
};
