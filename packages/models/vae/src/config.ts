import { ConfigObject, Enum, Static, Type } from '@anomaly-zoo/core';
import { reconstructionScoringSchema } from '@anomaly-zoo/components';

/** Image score: reconstruction error (as the AEs), negative ELBO, or the KL term alone. */
export const VAE_SCORES = ['reconstruction', 'elbo', 'kl'] as const;

export const vaeSchema = ConfigObject({
  /** Encoder filters, one stride-2 conv each; the decoder mirrors them with transposed convs. */
  channels: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 6, default: [32, 64, 128] }),
  latent: Type.Integer({ minimum: 1, default: 64 }),
  /** Weight of the KL term (β-VAE); 1 is the plain ELBO. */
  beta: Type.Number({ minimum: 0, default: 1 }),
  score: Enum(VAE_SCORES, { default: 'reconstruction' }),
  ...reconstructionScoringSchema,
});
export type VaeConfig = Static<typeof vaeSchema>;
