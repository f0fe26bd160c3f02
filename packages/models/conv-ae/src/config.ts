import type { JsonSchema } from '@anomaly-zoo/core';
import { ReconstructionScoring, reconstructionScoringSchema } from '@anomaly-zoo/components';

export interface ConvAeConfig extends ReconstructionScoring {
  /** Encoder filters, one stride-2 conv per entry; the decoder mirrors them. */
  channels: number[];
  /** Channels of the 1×1 bottleneck conv; this width, not the spatial size, limits what passes. */
  latent_channels: number;
  kernel_size: number;
  /** End the decoder at channels[0] filters plus a full-resolution 3×3 conv, instead of a transposed conv to the image. */
  output_conv: boolean;
}

export const convAeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 6, default: [32, 64, 128] },
    latent_channels: { type: 'integer', minimum: 1, default: 16 },
    kernel_size: { type: 'integer', minimum: 1, maximum: 11, default: 3 },
    output_conv: { type: 'boolean', default: false },
    ...reconstructionScoringSchema,
  },
};
