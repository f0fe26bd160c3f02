import { defineModel } from '@anomaly-zoo/core';
import { ConvAeConfig, convAeSchema } from './config';
import { ConvAutoencoder, loadConvAutoencoder } from './model';
import { buildConvAe } from './network';

export { ConvAeConfig, convAeSchema, ConvAutoencoder, buildConvAe };

export const convAe = defineModel<ConvAeConfig>({
  name: 'conv-ae',
  description: 'Convolutional autoencoder; score = reconstruction error, map = smoothed per-pixel error',
  schema: convAeSchema,
  create: (config, ctx) => new ConvAutoencoder(buildConvAe(config, ctx.preprocessing, ctx.seed), config),
  load: loadConvAutoencoder,
});
