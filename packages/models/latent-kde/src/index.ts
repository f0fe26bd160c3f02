import * as tf from '@tensorflow/tfjs';
import { defineModel, sourceIO } from '@anomaly-zoo/core';
import { buildConvAe } from '@anomaly-zoo/model-conv-ae';
import { buildDenseAe } from '@anomaly-zoo/model-dense-ae';
import { CombineRule, LatentKdeConfig, latentKdeSchema } from './config';
import { DENSITY_FILE, LatentKdeModel } from './model';
import { combineParts, partStats } from './score-parts';

export { CombineRule, LatentKdeConfig, latentKdeSchema, LatentKdeModel, DENSITY_FILE, combineParts, partStats };

export const latentKde = defineModel<LatentKdeConfig>({
  name: 'latent-kde',
  description: 'Autoencoder + density of its bottleneck codes; score combines standardised reconstruction error and −log p(code)',
  schema: latentKdeSchema,
  create: (config, ctx) => {
    const network = config.autoencoder === 'conv' ? buildConvAe(config, ctx.preprocessing, ctx.seed) : buildDenseAe(config, ctx.preprocessing, ctx.seed);
    return new LatentKdeModel(network, config, ctx.seed);
  },
  load: async (source, config, ctx) => {
    const model = new LatentKdeModel(await tf.loadLayersModel(sourceIO(source)), config, ctx.seed);
    await model.restoreDensity(source);
    return model;
  },
});
