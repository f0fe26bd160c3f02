import type { JsonSchema } from '@anomaly-zoo/core';
import { THRESHOLD_STRATEGIES, ThresholdStrategy } from '@anomaly-zoo/eval';

export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
/** What runs the inference of frozen backbones: ONNX Runtime, tfjs, or (auto) ONNX Runtime when it loads. */
export type EngineChoice = 'auto' | 'onnxruntime' | 'tfjs';
export type { ThresholdStrategy };

export interface SyntheticDataConfig {
  size: number;
  style: 'texture' | 'object';
  train: number;
  test_good: number;
  per_defect: number;
  seed: number;
}

export type DataFormat = 'mvtec' | 'folder' | 'synthetic' | 'malaria' | 'driving' | 'images' | 'mnist' | 'fashion-mnist' | 'cifar10';
export const ONE_CLASS_FORMATS = ['mnist', 'fashion-mnist', 'cifar10'] as const;

export interface MalariaDataConfig {
  /** Share of the Uninfected images (by patient) for the normal test images; validation uses data.validation_fraction. */
  test_fraction: number;
  anomalous_validation_fraction: number;
  disjoint_anomalies: boolean;
}

export interface DrivingDataConfig {
  train_dir: string;
  test_dir: string;
  normal: string;
  abnormal: string[];
  recursive: boolean;
}

export interface ImagesDataConfig {
  /** The folder of images; data.root when absent. */
  dir?: string;
  recursive: boolean;
  holdout_fraction: number;
}

export interface DataConfig {
  format: DataFormat;
  /** Data-set name used in the results path; defaults to the format. */
  name?: string;
  root: string;
  category?: string;
  image_size: number | [number, number];
  channels: 1 | 3;
  validation_fraction: number;
  normal?: string[];
  abnormal?: string[];
  test_normal?: string[];
  masks?: string;
  synthetic: SyntheticDataConfig;
  malaria: MalariaDataConfig;
  driving: DrivingDataConfig;
  images: ImagesDataConfig;
  /** One-class formats: the class trained on, by index or name. */
  normal_class?: number | string;
  cache: boolean;
  prefetch: number;
  limit_input_pixels: number;
  /** A file that cannot be decoded: stop naming it (error), or leave it out, logged and counted (skip). */
  on_bad_image: 'error' | 'skip';
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

const stringList: JsonSchema = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };

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
        format: { enum: ['mvtec', 'folder', 'synthetic', 'malaria', 'driving', 'images', ...ONE_CLASS_FORMATS] },
        name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
        root: { type: 'string', minLength: 1, default: 'datasets' },
        category: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._-]+$' },
        image_size: {
          default: 64,
          oneOf: [
            { type: 'integer', minimum: 8, maximum: 4096 },
            { type: 'array', items: { type: 'integer', minimum: 8, maximum: 4096 }, minItems: 2, maxItems: 2 },
          ],
        },
        channels: { enum: [1, 3], default: 3 },
        validation_fraction: { type: 'number', minimum: 0, maximum: 0.9, default: 0.1 },
        normal: stringList,
        abnormal: stringList,
        test_normal: stringList,
        masks: { type: 'string', minLength: 1 },
        synthetic: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            size: { type: 'integer', minimum: 16, maximum: 4096, default: 128 },
            style: { enum: ['texture', 'object'], default: 'texture' },
            train: { type: 'integer', minimum: 2, default: 60 },
            test_good: { type: 'integer', minimum: 1, default: 20 },
            per_defect: { type: 'integer', minimum: 1, default: 10 },
            seed: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        malaria: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            test_fraction: { type: 'number', minimum: 0, maximum: 0.9, default: 0.2 },
            anomalous_validation_fraction: { type: 'number', minimum: 0, maximum: 0.9, default: 0 },
            disjoint_anomalies: { type: 'boolean', default: false },
          },
        },
        driving: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            train_dir: { type: 'string', minLength: 1, default: 'train/images' },
            test_dir: { type: 'string', minLength: 1, default: 'val/images' },
            normal: { type: 'string', minLength: 1, default: 'normal' },
            abnormal: { ...stringList, default: ['anomaly', 'anamoly'] },
            recursive: { type: 'boolean', default: false },
          },
        },
        images: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            dir: { type: 'string', minLength: 1 },
            recursive: { type: 'boolean', default: false },
            holdout_fraction: { type: 'number', exclusiveMinimum: 0, maximum: 0.9, default: 0.2 },
          },
        },
        normal_class: { oneOf: [{ type: 'integer', minimum: 0, maximum: 9 }, { type: 'string', minLength: 1 }] },
        cache: { type: 'boolean', default: true },
        prefetch: { type: 'integer', minimum: 0, maximum: 64, default: 2 },
        limit_input_pixels: { type: 'integer', minimum: 1, default: 268402689 },
        on_bad_image: { enum: ['error', 'skip'], default: 'error' },
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
