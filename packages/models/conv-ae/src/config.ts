import type { JsonSchema } from '@anomaly-zoo/core';
import { BackboneConfig, featureSpaceBackboneSchema, ReconstructionScoring, reconstructionScoringSchema } from '@anomaly-zoo/components';

export interface ConvAeConfig extends ReconstructionScoring {
  /** Encoder filters, one stride-2 conv per entry; the decoder mirrors them. */
  channels: number[];
  /** Channels of the 1×1 bottleneck conv; this width, not the spatial size, limits what passes. */
  latent_channels: number;
  kernel_size: number;
  /** End the decoder at channels[0] filters plus a full-resolution 3×3 conv, instead of a transposed conv to the image. */
  output_conv: boolean;
  /**
   * What is reconstructed: the image's pixels, or the feature maps of the pretrained `backbone` (1×1 convs
   * `feature_channels` → `latent_channels` → mirrored; `channels`, `kernel_size`, `output_conv`, `loss` and
   * `error_map` are for pixels only).
   */
  space?: 'image' | 'features';
  backbone?: BackboneConfig;
  /** Widths of the 1×1 conv encoder over the feature stack (features space); the decoder mirrors them. */
  feature_channels?: number[];
  /** features space: `position` scores each grid position's error against its error on the normal training images. */
  error_standardisation?: 'position' | 'none';
}

export const convAeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 6, default: [32, 64, 128] },
    latent_channels: { type: 'integer', minimum: 1, default: 16 },
    kernel_size: { type: 'integer', minimum: 1, maximum: 11, default: 3 },
    output_conv: { type: 'boolean', default: false },
    space: { enum: ['image', 'features'], default: 'image' },
    backbone: featureSpaceBackboneSchema,
    feature_channels: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 6, default: [128] },
    error_standardisation: { enum: ['position', 'none'], default: 'position' },
    ...reconstructionScoringSchema,
  },
};
