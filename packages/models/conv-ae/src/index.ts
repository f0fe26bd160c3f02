import * as tf from '@tensorflow/tfjs';
import { defineModel, directoryIO } from '@anomaly-zoo/core';
import { LayersAutoencoder } from '@anomaly-zoo/components';
import { ConvAeConfig, convAeSchema } from './config';
import { buildConvAe, CONV_AE_BOTTLENECK } from './network';

export { ConvAeConfig, convAeSchema, buildConvAe, CONV_AE_BOTTLENECK };

export const convAe = defineModel<ConvAeConfig>({
  name: 'conv-ae',
  description: 'Convolutional autoencoder; score = reconstruction error, map = smoothed per-pixel error',
  schema: convAeSchema,
  create: (config, ctx) => new LayersAutoencoder(buildConvAe(config, ctx.preprocessing, ctx.seed), config),
  load: async (dir, config) => new LayersAutoencoder(await tf.loadLayersModel(directoryIO(dir)), config),
});
