import * as tf from '@tensorflow/tfjs';
import { defineModel, sourceIO } from '@anomaly-zoo/core';
import { AnomalyModel, ModelContext } from '@anomaly-zoo/core';
import { FeatureAutoencoder, LayersAutoencoder } from '@anomaly-zoo/components';
import { CONV_AE_SPACES, convAeNetworkProperties, ConvAeConfig, ConvAePixelConfig, convAeSchema } from './config';
import { buildConvAe, buildFeatureAe, CONV_AE_BOTTLENECK } from './network';

export { CONV_AE_SPACES, convAeNetworkProperties, ConvAeConfig, ConvAePixelConfig, convAeSchema, buildConvAe, buildFeatureAe, CONV_AE_BOTTLENECK };

function featureAutoencoder(config: ConvAeConfig, ctx: ModelContext, network?: tf.LayersModel): AnomalyModel {
  return new FeatureAutoencoder(
    { backbone: config.backbone, build: (shape) => buildFeatureAe(config, shape, ctx.seed), scoring: config, log: ctx.log, pretrainedModels: ctx.pretrainedModels, preprocessing: ctx.preprocessing },
    network,
  );
}

export const convAe = defineModel<ConvAeConfig>({
  name: 'conv-ae',
  description: 'Convolutional autoencoder; score = reconstruction error, map = smoothed per-pixel error',
  schema: convAeSchema,
  create: (config, ctx) =>
    config.space === 'features' ? featureAutoencoder(config, ctx) : new LayersAutoencoder(buildConvAe(config, ctx.preprocessing, ctx.seed), config),
  load: async (source, config, ctx) => {
    const network = await tf.loadLayersModel(sourceIO(source));
    if (config.space !== 'features') return new LayersAutoencoder(network, config);
    const model = featureAutoencoder(config, ctx, network) as FeatureAutoencoder;
    await model.prepare();
    await model.restoreStandardisation(source);
    return model;
  },
});
