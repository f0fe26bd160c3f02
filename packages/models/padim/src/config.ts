import type { JsonSchema } from '@anomaly-zoo/core';

export interface PadimBackboneConfig {
  /** local: a TF.js model directory; hub: the published @tensorflow-models/mobilenet graphs (needs internet once). */
  source: 'local' | 'hub';
  /** Local model directory; default `<models dir>/<model>` (env ANOMALY_ZOO_MODELS, else ../shared/models). */
  path?: string;
  /** Folder name under the models directory when `path` is not given. */
  model: string;
  /** hub only. */
  version: 1 | 2;
  /** hub only. */
  alpha: number;
  /** Layers (or graph nodes) whose maps are concatenated; the finest one sets the grid unless `grid` is given. */
  layers: string[];
  input_size: number;
}

export interface PadimConfig {
  backbone: PadimBackboneConfig;
  /** Side of the common feature grid; absent: the largest layer map. */
  grid?: number;
  /** How coarser maps are brought to the grid. */
  feature_resize: 'bilinear' | 'nearest';
  /** Channels kept, a seeded random subset of all concatenated channels; 0 keeps all. */
  dims: number;
  /** Added to every per-position covariance diagonal. */
  ridge: number;
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: number;
  image_score: 'max' | 'top_k_mean';
  /** Map pixels averaged by `top_k_mean`. */
  top_k: number;
  /** Images per backbone forward pass. */
  batch_size: number;
}

export const DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

export const padimSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    backbone: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        source: { enum: ['local', 'hub'], default: 'local' },
        path: { type: 'string', minLength: 1 },
        model: { type: 'string', minLength: 1, default: 'mobilenet_v1_0.75_224' },
        version: { enum: [1, 2], default: 1 },
        alpha: { type: 'number', exclusiveMinimum: 0, default: 0.75 },
        layers: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, default: DEFAULT_LAYERS },
        input_size: { type: 'integer', minimum: 32, maximum: 1024, default: 224 },
      },
    },
    grid: { type: 'integer', minimum: 1, maximum: 256 },
    feature_resize: { enum: ['bilinear', 'nearest'], default: 'bilinear' },
    dims: { type: 'integer', minimum: 0, default: 100 },
    ridge: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
    map_sigma: { type: 'number', minimum: 0, default: 4 },
    image_score: { enum: ['max', 'top_k_mean'], default: 'max' },
    top_k: { type: 'integer', minimum: 1, default: 100 },
    batch_size: { type: 'integer', minimum: 1, default: 16 },
  },
};
