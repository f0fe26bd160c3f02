import { ConfigObject, Enum, Static, TObject, Type } from '@anomaly-zoo/core';
import { ERROR_STANDARDISATIONS, featureSpaceBackboneSchema, reconstructionScoringSchema } from '@anomaly-zoo/components';

/** What is reconstructed: the image's pixels, or the feature maps of the pretrained `backbone`. */
export const CONV_AE_SPACES = ['image', 'features'] as const;

/** The network keys of a pixel-space convolutional autoencoder (conv-ae's image space; latent-kde's conv autoencoder). */
export const convAeNetworkProperties = {
  /** Encoder filters, one stride-2 conv per entry; the decoder mirrors them. */
  channels: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 6, default: [32, 64, 128] }),
  /** Channels of the 1×1 bottleneck conv; this width, not the spatial size, limits what passes. */
  latent_channels: Type.Integer({ minimum: 1, default: 16 }),
  kernel_size: Type.Integer({ minimum: 1, maximum: 11, default: 3 }),
  /** End the decoder at channels[0] filters plus a full-resolution 3×3 conv, instead of a transposed conv to the image. */
  output_conv: Type.Boolean({ default: false }),
};
/** A pixel-space convolutional autoencoder's network and scoring keys. */
export type ConvAePixelConfig = Static<TObject<typeof convAeNetworkProperties & typeof reconstructionScoringSchema>>;

/**
 * conv-ae's `model:` block. `space: features` reconstructs the feature maps of the pretrained `backbone` (1×1 convs
 * `feature_channels` → `latent_channels` → mirrored; `channels`, `kernel_size`, `output_conv`, `loss` and
 * `error_map` are for pixels only).
 */
export const convAeSchema = ConfigObject({
  ...convAeNetworkProperties,
  space: Enum(CONV_AE_SPACES, { default: 'image' }),
  backbone: featureSpaceBackboneSchema,
  /** Widths of the 1×1 conv encoder over the feature stack (features space); the decoder mirrors them. */
  feature_channels: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 6, default: [128] }),
  /** features space: `position` scores each grid position's error against its error on the normal training images. */
  error_standardisation: Enum(ERROR_STANDARDISATIONS, { default: 'position' }),
  ...reconstructionScoringSchema,
});
export type ConvAeConfig = Static<typeof convAeSchema>;
