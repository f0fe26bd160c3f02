import type { JsonSchema } from '@anomaly-zoo/core';
import { ReconstructionScoring, reconstructionScoringSchema } from '@anomaly-zoo/components';

export interface VaeConfig extends ReconstructionScoring {
  /** Encoder filters, one stride-2 conv each; the decoder mirrors them with transposed convs. */
  channels: number[];
  latent: number;
  /** Weight of the KL term (β-VAE); 1 is the plain ELBO. */
  beta: number;
  /** Image score: reconstruction error (as the AEs), negative ELBO, or the KL term alone. */
  score: 'reconstruction' | 'elbo' | 'kl';
}

export const vaeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 6, default: [32, 64, 128] },
    latent: { type: 'integer', minimum: 1, default: 64 },
    beta: { type: 'number', minimum: 0, default: 1 },
    score: { enum: ['reconstruction', 'elbo', 'kl'], default: 'reconstruction' },
    ...reconstructionScoringSchema,
  },
};
