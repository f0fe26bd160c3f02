import type { JsonSchema } from '@anomaly-zoo/core';

export interface ConvAeConfig {
  /** Encoder filters, one stride-2 conv per entry; the decoder mirrors them. */
  channels: number[];
  /** Channels of the 1×1 bottleneck conv; this width, not the spatial size, limits what passes. */
  latent_channels: number;
  kernel_size: number;
  loss: 'mse' | 'l1';
  /** σ in pixels of the Gaussian that smooths the per-pixel error map. */
  map_sigma: number;
  /** Image score: mean of the squared error, or the maximum of the smoothed map. */
  image_score: 'mean' | 'max';
}

export const convAeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 6, default: [32, 64, 128] },
    latent_channels: { type: 'integer', minimum: 1, default: 16 },
    kernel_size: { type: 'integer', minimum: 1, maximum: 11, default: 3 },
    loss: { enum: ['mse', 'l1'], default: 'mse' },
    map_sigma: { type: 'number', minimum: 0, default: 2 },
    image_score: { enum: ['mean', 'max'], default: 'mean' },
  },
};
