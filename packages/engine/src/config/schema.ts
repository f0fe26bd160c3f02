import { BACKEND_NAMES } from '@anomaly-zoo/backend';
import { ConfigObject, Enum, JsonSchema, OneOf, Static, Type } from '@anomaly-zoo/core';
import { BAD_IMAGE_POLICIES, DATA_FORMATS, dataFormatNames } from '@anomaly-zoo/data';
import { THRESHOLD_STRATEGIES, ThresholdStrategy, VISUALISATION_SELECTIONS } from '@anomaly-zoo/eval';
import { INFERENCE_ENGINES } from '../inference-engine';
import { TILE_REDUCTIONS } from '../tiling/tile-grid';
/** Re-exported: the run config's sizes read with it (it lives apart so the saved-model loader needs no schema). */
export { sizeOf } from '../tiling/tile-grid';

/*
 * The run config's types are the Static types of these schemas (see core's config-schema.ts): a key is described
 * once, here, and its type follows.
 */

/** What runs the tensor maths: one tfjs backend, or (auto) the first that starts. */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** What runs the inference of frozen backbones: ONNX Runtime, tfjs, or (auto) ONNX Runtime when it loads. */
export const ENGINE_CHOICES = ['auto', ...INFERENCE_ENGINES] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
export type { ThresholdStrategy };

/** A side length, or [height, width]. */
function sizeSchema(minimum: number, options: { default?: number } = {}) {
  const side = Type.Integer({ minimum, maximum: 4096 });
  // An array of two (not TypeBox's Tuple, whose `items` list reads worse in the error message).
  const pair = Type.Unsafe<[number, number]>(Type.Array(side, { minItems: 2, maxItems: 2 }));
  return OneOf([side, pair], options);
}

/** Score tiles of a larger image instead of the image shrunk to image_size (see packages/engine/src/tiling). */
const tilingSchema = ConfigObject({
  resize_to: sizeSchema(8),
  /** The models' input; data.image_size when absent. */
  tile_size: Type.Optional(sizeSchema(8)),
  /** tile_size when absent (no overlap). */
  stride: Type.Optional(sizeSchema(1)),
  reduction: Enum(TILE_REDUCTIONS, { default: 'max' }),
  /** One model per tile position (single-pass models only). */
  ensemble: Type.Boolean({ default: false }),
});
export type TilingConfig = Static<typeof tilingSchema>;

/** The keys of `data` that every format shares; each format's own keys live under `data.<format name>`. */
const sharedDataSchema = ConfigObject({
  format: Enum(dataFormatNames()),
  /** Data-set name used in the results path; defaults to the format. */
  name: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9._-]+$' })),
  root: Type.String({ minLength: 1, default: 'datasets' }),
  category: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9._-]+$' })),
  image_size: sizeSchema(8, { default: 64 }),
  channels: Enum([1, 3] as const, { default: 3 }),
  validation_fraction: Type.Number({ minimum: 0, maximum: 0.9, default: 0.1 }),
  cache: Type.Boolean({ default: true }),
  prefetch: Type.Integer({ minimum: 0, maximum: 64, default: 2 }),
  limit_input_pixels: Type.Integer({ minimum: 1, default: 268402689 }),
  /** A file that cannot be decoded: stop naming it (error), or leave it out, logged and counted (skip). */
  on_bad_image: Enum(BAD_IMAGE_POLICIES, { default: 'error' }),
  tiling: Type.Optional(tilingSchema),
});
/** The `data` block; the chosen format's own block, `data.<format>`, is read with formatOptionsOf. */
export type DataConfig = Static<typeof sharedDataSchema>;

/** The chosen format's own block, `data.<format>`, as validated and filled by its schema. */
export function formatOptionsOf(data: DataConfig): object {
  return ((data as unknown as Record<string, object | undefined>)[data.format]) ?? {};
}

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

const trainingSchema = ConfigObject({
  epochs: Type.Integer({ minimum: 1, default: 20 }),
  batch_size: Type.Integer({ minimum: 1, default: 32 }),
  learning_rate: Type.Number({ exclusiveMinimum: 0, default: 0.001 }),
  early_stopping: ConfigObject({
    patience: Type.Integer({ minimum: 0, default: 0 }),
    min_delta: Type.Number({ minimum: 0, default: 0 }),
  }, { default: {} }),
}, { default: {} });
export type TrainingConfig = Static<typeof trainingSchema>;

const evaluationSchema = ConfigObject({
  threshold: ConfigObject({
    strategy: Enum(THRESHOLD_STRATEGIES, { default: 'adaptive_f1' }),
    percentile: Type.Number({ minimum: 0, maximum: 100, default: 99 }),
    k: Type.Number({ default: 0.5 }),
    value: Type.Optional(Type.Number()),
    target_fpr: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.01 }),
    target_recall: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 }),
  }, { default: {} }),
  /** Defective copies of normal validation images added to the images the threshold is chosen from (0 = none). */
  validation: ConfigObject({ synthetic_anomalies: Type.Integer({ minimum: 0, default: 0 }) }, { default: {} }),
  pixel_metrics: Type.Boolean({ default: true }),
  /** Seeded bootstrap interval for image AUROC (seed = the run's seed); resamples 0 turns it off. */
  bootstrap: ConfigObject({
    resamples: Type.Integer({ minimum: 0, default: 1000 }),
    level: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 }),
  }, { default: {} }),
  /** Test images drawn as original | reconstruction | heat map | overlay, and how they are picked. */
  visualisations: ConfigObject({
    count: Type.Integer({ minimum: 0, default: 12 }),
    selection: Enum(VISUALISATION_SELECTIONS, { default: 'mixed' }),
  }, { default: {} }),
  /** Plots and report.html in the run directory. */
  report: Type.Boolean({ default: true }),
  batch_size: Type.Integer({ minimum: 1, default: 32 }),
}, { default: {} });
export type EvaluationConfig = Static<typeof evaluationSchema>;

const runtimeSchema = ConfigObject({
  backend: Enum(BACKEND_CHOICES, { default: 'auto' }),
  threads: OneOf([Type.Integer({ minimum: 1, maximum: 64 }), Type.Literal('auto')], { default: 'auto' }),
  engine: Enum(ENGINE_CHOICES, { default: 'auto' }),
}, { default: {} });

/** Only `name` here: the rest of the block is checked against the chosen model's own schema (see resolveRunConfig). */
const modelBlockSchema = Type.Unsafe<{ name: string } & Record<string, unknown>>(
  Type.Object({ name: Type.String({ minLength: 1 }) }),
);

const runConfigShape = ConfigObject({
  seed: Type.Integer({ minimum: 0, default: 42 }),
  model: modelBlockSchema,
  data: sharedDataSchema,
  training: trainingSchema,
  evaluation: evaluationSchema,
  runtime: runtimeSchema,
  output: ConfigObject({ root: Type.String({ minLength: 1, default: 'results' }) }, { default: {} }),
});
export type RunConfig = Static<typeof runConfigShape>;

/** The engine's part of a run config: runConfigShape, with every format's block admitted under `data`. */
export const runConfigSchema: JsonSchema = {
  ...runConfigShape,
  properties: {
    ...runConfigShape.properties,
    data: { ...sharedDataSchema, properties: { ...sharedDataSchema.properties, ...formatBlocks() } },
  },
};
