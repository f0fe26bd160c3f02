import * as tf from '@tensorflow/tfjs';
import { createRng, Preprocessing } from '@anomaly-zoo/core';
import type { ConvAeConfig } from './config';

/** Name of the 1×1 bottleneck layer, whose output is the latent code (used by latent-kde). */
export const CONV_AE_BOTTLENECK = 'bottleneck';

/**
 * Encoder: stride-2 convs (ReLU) → 1×1 bottleneck conv (ReLU).
 * Decoder: mirrored stride-2 transposed convs (ReLU) → 3×3 conv to the input channels (sigmoid).
 */
export function buildConvAe(config: ConvAeConfig, pre: Preprocessing, seed: number): tf.LayersModel {
  const factor = 2 ** config.channels.length;
  if (pre.height % factor !== 0 || pre.width % factor !== 0) {
    throw new Error(
      `conv-ae with ${config.channels.length} stride-2 stages needs image sizes divisible by ${factor}, got ${pre.height}×${pre.width}`,
    );
  }
  const rng = createRng(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const k = config.kernel_size;
  const model = tf.sequential({ name: 'conv_ae' });
  config.channels.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [pre.height, pre.width, pre.channels] } : {}),
        filters, kernelSize: k, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: `enc_${i}`,
      }),
    );
  });
  model.add(tf.layers.conv2d({ filters: config.latent_channels, kernelSize: 1, activation: 'relu', kernelInitializer: init(), name: CONV_AE_BOTTLENECK }));
  [...config.channels].reverse().forEach((filters, i) => {
    model.add(
      tf.layers.conv2dTranspose({ filters, kernelSize: k, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: `dec_${i}` }),
    );
  });
  model.add(tf.layers.conv2d({ filters: pre.channels, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'output' }));
  return model;
}
