import * as tf from '@tensorflow/tfjs';
import { defineModel, sourceIO } from '@anomaly-zoo/core';
import { LayersAutoencoder } from '@anomaly-zoo/components';
import { DenseAeConfig, denseAeProperties, denseAeSchema } from './config';
import { buildDenseAe, DENSE_AE_BOTTLENECK } from './network';

export { DenseAeConfig, denseAeProperties, denseAeSchema, buildDenseAe, DENSE_AE_BOTTLENECK };

export const denseAe = defineModel<DenseAeConfig>({
  name: 'dense-ae',
  description: 'Fully connected autoencoder over the flattened image; score = reconstruction error',
  schema: denseAeSchema,
  create: (config, ctx) => new LayersAutoencoder(buildDenseAe(config, ctx.preprocessing, ctx.seed), config),
  load: async (source, config) => new LayersAutoencoder(await tf.loadLayersModel(sourceIO(source)), config),
});
