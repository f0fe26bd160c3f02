import * as tf from '@tensorflow/tfjs';
import { createRng, Preprocessing } from '@anomaly-zoo/core';
import type { ConvAeConfig, ConvAePixelConfig } from './config';

/** Name of the 1×1 bottleneck layer, whose output is the latent code (used by latent-kde). */
export const CONV_AE_BOTTLENECK = 'bottleneck';

/**
 * Encoder: stride-2 convs (ReLU) → 1×1 bottleneck conv (ReLU).
 * Decoder: mirrored stride-2 transposed convs (ReLU), the last one to the input channels (sigmoid);
 * optionally ending in a full-resolution 3×3 conv instead (output_conv).
 */
export function buildConvAe(config: ConvAePixelConfig, pre: Preprocessing, seed: number): tf.LayersModel {
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
  // The decoder mirrors the encoder: transposed convs back through channels[n-2] … channels[0] to the
  // image's channels. With output_conv it instead ends at channels[0] and a 3×3 conv at full resolution
  // maps those to the image (3.2× the training compute of the plain mirror at 64²).
  const decoderFilters = config.output_conv
    ? [...config.channels].reverse()
    : [...config.channels.slice(0, -1).reverse(), pre.channels];
  decoderFilters.forEach((filters, i) => {
    const last = !config.output_conv && i === decoderFilters.length - 1;
    model.add(
      tf.layers.conv2dTranspose({
        filters, kernelSize: k, strides: 2, padding: 'same', activation: last ? 'sigmoid' : 'relu', kernelInitializer: init(),
        name: last ? 'output' : `dec_${i}`,
      }),
    );
  });
  if (config.output_conv) {
    model.add(tf.layers.conv2d({ filters: pre.channels, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'output' }));
  }
  return model;
}

/**
 * Autoencoder over a feature stack [g, g, C]: 1×1 convs (ReLU) through `feature_channels` to the
 * `latent_channels` bottleneck and back, then a linear 1×1 conv to C. Position-wise, as in DFR: a feature
 * vector already describes its neighbourhood, and the bottleneck width alone limits what passes.
 */
export function buildFeatureAe(config: ConvAeConfig, shape: [number, number, number], seed: number): tf.LayersModel {
  const rng = createRng(seed);
  const pointwise = (filters: number, name: string, activation: 'relu' | 'linear', first = false) =>
    tf.layers.conv2d({
      ...(first ? { inputShape: shape } : {}),
      filters, kernelSize: 1, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seed() }), name,
    });
  const hidden = config.feature_channels;
  const model = tf.sequential({ name: 'feature_ae' });
  hidden.forEach((filters, i) => model.add(pointwise(filters, `enc_${i}`, 'relu', i === 0)));
  model.add(pointwise(config.latent_channels, CONV_AE_BOTTLENECK, 'relu', hidden.length === 0));
  [...hidden].reverse().forEach((filters, i) => model.add(pointwise(filters, `dec_${i}`, 'relu')));
  model.add(pointwise(shape[2], 'output', 'linear'));
  return model;
}
