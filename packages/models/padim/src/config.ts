import { ConfigObject, Enum, Static, Type } from '@anomaly-zoo/core';
import { backboneConfigSchema, GRID_RESIZES, MAP_SCORES } from '@anomaly-zoo/components';

export const DEFAULT_LAYERS = ['conv_pw_5_relu', 'conv_pw_11_relu'];

export const padimSchema = ConfigObject({
  // Hub graphs name the intermediate maps differently, so there is no automatic fallback to the hub.
  backbone: backboneConfigSchema({ layers: DEFAULT_LAYERS, fallbackToHub: false }),
  /** Side of the common feature grid; absent: the largest layer map. */
  grid: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
  /** How coarser maps are brought to the grid. */
  feature_resize: Enum(GRID_RESIZES, { default: 'bilinear' }),
  /** Channels kept, a seeded random subset of all concatenated channels; 0 keeps all. */
  dims: Type.Integer({ minimum: 0, default: 100 }),
  /** Added to every per-position covariance diagonal. */
  ridge: Type.Number({ exclusiveMinimum: 0, default: 0.01 }),
  /** σ in input pixels of the Gaussian smoothing of the upsampled map; 0 = none. */
  map_sigma: Type.Number({ minimum: 0, default: 4 }),
  /** Image score: the maximum of the map, or the mean of its `top_k` largest pixels. */
  image_score: Enum(MAP_SCORES, { default: 'max' }),
  /** Map pixels averaged by `top_k_mean`. */
  top_k: Type.Integer({ minimum: 1, default: 100 }),
  /** Images per backbone forward pass. */
  batch_size: Type.Integer({ minimum: 1, default: 16 }),
});
export type PadimConfig = Static<typeof padimSchema>;
