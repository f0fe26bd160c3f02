import * as tf from '@tensorflow/tfjs';
import { createRng, Preprocessing } from '@anomaly-zoo/core';
import type { VaeConfig } from './config';

export interface VaeNetworks {
  /** image → [mean, log-variance] of q(z|x). */
  encoder: tf.LayersModel;
  /** z → reconstruction (sigmoid). */
  decoder: tf.LayersModel;
}

export function buildVae(config: VaeConfig, pre: Preprocessing, seed: number): VaeNetworks {
  const factor = 2 ** config.channels.length;
  if (pre.height % factor !== 0 || pre.width % factor !== 0) {
    throw new Error(`vae with ${config.channels.length} stride-2 stages needs image sizes divisible by ${factor}, got ${pre.height}×${pre.width}`);
  }
  const rng = createRng(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const image = tf.input({ shape: [pre.height, pre.width, pre.channels] });
  let h = image as tf.SymbolicTensor;
  config.channels.forEach((filters, i) => {
    h = tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: `enc_${i}` }).apply(h) as tf.SymbolicTensor;
  });
  const flat = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const mean = tf.layers.dense({ units: config.latent, kernelInitializer: init(), name: 'z_mean' }).apply(flat) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: config.latent, kernelInitializer: tf.initializers.zeros(), name: 'z_log_var' }).apply(flat) as tf.SymbolicTensor;
  const encoder = tf.model({ inputs: image, outputs: [mean, logVar], name: 'vae_encoder' });

  const last = config.channels[config.channels.length - 1] as number;
  const [gh, gw] = [pre.height / factor, pre.width / factor];
  const z = tf.input({ shape: [config.latent] });
  let g = tf.layers.dense({ units: gh * gw * last, activation: 'relu', kernelInitializer: init(), name: 'dec_dense' }).apply(z) as tf.SymbolicTensor;
  g = tf.layers.reshape({ targetShape: [gh, gw, last] }).apply(g) as tf.SymbolicTensor;
  [...config.channels].reverse().forEach((filters, i) => {
    g = tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: `dec_${i}` }).apply(g) as tf.SymbolicTensor;
  });
  const output = tf.layers.conv2d({ filters: pre.channels, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'output' }).apply(g) as tf.SymbolicTensor;
  const decoder = tf.model({ inputs: z, outputs: output, name: 'vae_decoder' });
  return { encoder, decoder };
}
