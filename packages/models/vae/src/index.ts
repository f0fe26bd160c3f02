import { defineModel } from '@anomaly-zoo/core';
import { VaeConfig, vaeSchema } from './config';
import { loadVaeNetworks, VariationalAutoencoder } from './model';
import { buildVae } from './network';

export { VaeConfig, vaeSchema, buildVae, VariationalAutoencoder };

export const vae = defineModel<VaeConfig>({
  name: 'vae',
  description: 'Convolutional variational autoencoder; score = reconstruction error, negative ELBO or KL',
  schema: vaeSchema,
  create: (config, ctx) => new VariationalAutoencoder(buildVae(config, ctx.preprocessing, ctx.seed), config, ctx.seed),
  load: async (source, config, ctx) => new VariationalAutoencoder(await loadVaeNetworks(source), config, ctx.seed),
});
