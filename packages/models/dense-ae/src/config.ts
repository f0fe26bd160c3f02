import { ConfigObject, Static, Type } from '@anomaly-zoo/core';
import { reconstructionScoringSchema } from '@anomaly-zoo/components';

/** The keys of a dense autoencoder (dense-ae; latent-kde's dense autoencoder). */
export const denseAeProperties = {
  /** Widths of the hidden dense layers between the flattened image and the code; the decoder mirrors them. */
  hidden: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 6, default: [256] }),
  latent: Type.Integer({ minimum: 1, default: 32 }),
  ...reconstructionScoringSchema,
};

export const denseAeSchema = ConfigObject(denseAeProperties);
export type DenseAeConfig = Static<typeof denseAeSchema>;
