import type { JsonSchema } from '@anomaly-zoo/core';
import { ReconstructionScoring, reconstructionScoringSchema } from '@anomaly-zoo/components';

export interface DenseAeConfig extends ReconstructionScoring {
  /** Widths of the hidden dense layers between the flattened image and the code; the decoder mirrors them. */
  hidden: number[];
  latent: number;
}

export const denseAeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    hidden: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 6, default: [256] },
    latent: { type: 'integer', minimum: 1, default: 32 },
    ...reconstructionScoringSchema,
  },
};
