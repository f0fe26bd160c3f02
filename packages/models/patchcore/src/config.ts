import { ConfigObject, Enum, Static, Type } from '@anomaly-zoo/core';
import { backboneConfigSchema, GRID_RESIZES } from '@anomaly-zoo/components';

export const DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

const coresetSchema = ConfigObject({
  /** Fraction of all training patches kept in the memory bank; 1 keeps every patch (no selection). */
  ratio: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.1 }),
  /** Hard cap on the bank size, whatever the ratio. */
  max_size: Type.Integer({ minimum: 1, default: 20000 }),
  /** Dimensions of the seeded Johnson–Lindenstrauss projection the greedy selection measures distances in; 0 = none. */
  projection_dims: Type.Integer({ minimum: 0, default: 32 }),
}, { default: {} });
export type CoresetConfig = Static<typeof coresetSchema>;

export const patchcoreSchema = ConfigObject({
  // Hub graphs name the intermediate maps differently, so there is no automatic fallback to the hub.
  backbone: backboneConfigSchema({ layers: DEFAULT_LAYERS, fallbackToHub: false }),
  /** Side of the square neighbourhood each layer map is averaged over (stride 1, same padding); 1 = none. */
  aggregation_size: Type.Integer({ minimum: 1, maximum: 15, default: 3 }),
  /** How the deeper layers' maps are brought to the finest layer's grid. */
  feature_resize: Enum(GRID_RESIZES, { default: 'bilinear' }),
  /** Dimensions of a seeded random projection of the patch features (bank and test patches alike); 0 = keep all. */
  projection_dims: Type.Integer({ minimum: 0, default: 0 }),
  coreset: coresetSchema,
  /** Bank neighbours of the best match in the image-score reweighting (PatchCore eq. 7); 1 = no reweighting. */
  num_neighbors: Type.Integer({ minimum: 1, default: 9 }),
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: Type.Number({ minimum: 0, default: 4 }),
  /** Rows of test patches and of the bank per distance block: at most chunk_size² distances exist at once. */
  chunk_size: Type.Integer({ minimum: 1, default: 4096 }),
  /** Images per backbone forward pass. */
  batch_size: Type.Integer({ minimum: 1, default: 8 }),
});
export type PatchcoreConfig = Static<typeof patchcoreSchema>;
