import type { JsonSchema } from '@anomaly-zoo/core';

export interface BackboneConfig {
  /** local: a TF.js model directory; hub: the published @tensorflow-models/mobilenet weights (needs internet once). */
  source: 'local' | 'hub';
  /** Local model directory; default $ANOMALY_ZOO_MODELS/<model>, else ../shared/models/<model> when present. */
  path?: string;
  /** Model folder name under the models directory when `path` is not given. */
  model: string;
  version: 1 | 2;
  alpha: number;
  layers: string[];
  input_size: number;
  /** Try the hub when the local directory is missing. */
  fallback_to_hub: boolean;
}

export interface DfkdmConfig {
  backbone: BackboneConfig;
  /** PCA components kept (integer), or the fraction of variance to keep (0 < x < 1). */
  pca_components: number;
  scaling: 'max_norm' | 'unit_norm' | 'none';
  scorer: 'kde' | 'gaussian';
  bandwidth: 'scott' | 'silverman' | number;
  max_training_points: number;
  /** Ridge added to covariance diagonals for numerical safety. */
  ridge: number;
  feature_cache: boolean;
}

export const dfkdmSchema: JsonSchema = {
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
        layers: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, default: ['global_average_pooling2d_1'] },
        input_size: { type: 'integer', minimum: 32, maximum: 1024, default: 224 },
        fallback_to_hub: { type: 'boolean', default: true },
      },
    },
    pca_components: { type: 'number', exclusiveMinimum: 0, default: 16 },
    scaling: { enum: ['max_norm', 'unit_norm', 'none'], default: 'max_norm' },
    scorer: { enum: ['kde', 'gaussian'], default: 'kde' },
    bandwidth: { oneOf: [{ enum: ['scott', 'silverman'] }, { type: 'number', exclusiveMinimum: 0 }], default: 'scott' },
    max_training_points: { type: 'integer', minimum: 2, default: 40000 },
    ridge: { type: 'number', minimum: 0, default: 1e-6 },
    feature_cache: { type: 'boolean', default: true },
  },
};
