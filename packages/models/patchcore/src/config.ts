import type { JsonSchema } from '@anomaly-zoo/core';
import { BackboneConfig, backboneConfigSchema } from '@anomaly-zoo/components';
import type { GridResize } from '@anomaly-zoo/components';

export interface CoresetConfig {
  /** Fraction of all training patches kept in the memory bank; 1 keeps every patch (no selection). */
  ratio: number;
  /** Hard cap on the bank size, whatever the ratio. */
  max_size: number;
  /** Dimensions of the seeded Johnson–Lindenstrauss projection the greedy selection measures distances in; 0 = none. */
  projection_dims: number;
}

export interface PatchcoreConfig {
  backbone: BackboneConfig;
  /** Side of the square neighbourhood each layer map is averaged over (stride 1, same padding); 1 = none. */
  aggregation_size: number;
  /** How the deeper layers' maps are brought to the finest layer's grid. */
  feature_resize: GridResize;
  /** Dimensions of a seeded random projection of the patch features (bank and test patches alike); 0 = keep all. */
  projection_dims: number;
  coreset: CoresetConfig;
  /** Bank neighbours of the best match in the image-score reweighting (PatchCore eq. 7); 1 = no reweighting. */
  num_neighbors: number;
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: number;
  /** Rows of test patches and of the bank per distance block: at most chunk_size² distances exist at once. */
  chunk_size: number;
  /** Images per backbone forward pass. */
  batch_size: number;
}

export const DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

export const patchcoreSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Hub graphs name the intermediate maps differently, so there is no automatic fallback to the hub.
    backbone: backboneConfigSchema({ layers: DEFAULT_LAYERS, fallbackToHub: false }),
    aggregation_size: { type: 'integer', minimum: 1, maximum: 15, default: 3 },
    feature_resize: { enum: ['bilinear', 'nearest'], default: 'bilinear' },
    projection_dims: { type: 'integer', minimum: 0, default: 0 },
    coreset: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.1 },
        max_size: { type: 'integer', minimum: 1, default: 20000 },
        projection_dims: { type: 'integer', minimum: 0, default: 32 },
      },
    },
    num_neighbors: { type: 'integer', minimum: 1, default: 9 },
    map_sigma: { type: 'number', minimum: 0, default: 4 },
    chunk_size: { type: 'integer', minimum: 1, default: 4096 },
    batch_size: { type: 'integer', minimum: 1, default: 8 },
  },
};
