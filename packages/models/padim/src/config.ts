import type { JsonSchema } from '@anomaly-zoo/core';
import { BackboneConfig, backboneConfigSchema } from '@anomaly-zoo/components';

export interface PadimConfig {
  backbone: BackboneConfig;
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
    // Hub graphs name the intermediate maps differently, so there is no automatic fallback to the hub.
    backbone: backboneConfigSchema({ layers: DEFAULT_LAYERS, fallbackToHub: false }),
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
