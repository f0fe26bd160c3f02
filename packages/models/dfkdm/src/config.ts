import type { JsonSchema } from '@anomaly-zoo/core';
import { BackboneConfig, backboneConfigSchema, LAYERS_EMBEDDING_LAYER } from '@anomaly-zoo/components';

export type { BackboneConfig };

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
    backbone: backboneConfigSchema({ layers: [LAYERS_EMBEDDING_LAYER], fallbackToHub: true }),
    pca_components: { type: 'number', exclusiveMinimum: 0, default: 16 },
    scaling: { enum: ['max_norm', 'unit_norm', 'none'], default: 'max_norm' },
    scorer: { enum: ['kde', 'gaussian'], default: 'kde' },
    bandwidth: { oneOf: [{ enum: ['scott', 'silverman'] }, { type: 'number', exclusiveMinimum: 0 }], default: 'scott' },
    max_training_points: { type: 'integer', minimum: 2, default: 40000 },
    ridge: { type: 'number', minimum: 0, default: 1e-6 },
    feature_cache: { type: 'boolean', default: true },
  },
};
