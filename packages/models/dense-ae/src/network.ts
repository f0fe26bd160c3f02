import * as tf from '@tensorflow/tfjs';
import { createRng, Preprocessing } from '@anomaly-zoo/core';
import type { DenseAeConfig } from './config';

/** Name of the code layer (used by latent-kde). */
export const DENSE_AE_BOTTLENECK = 'latent';

/** flatten → dense stack (ReLU) → latent (ReLU) → mirrored dense stack → dense (sigmoid) → reshape. */
export function buildDenseAe(config: DenseAeConfig, pre: Preprocessing, seed: number): tf.LayersModel {
  const rng = createRng(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const pixels = pre.height * pre.width * pre.channels;
  const model = tf.sequential({ name: 'dense_ae' });
  model.add(tf.layers.flatten({ inputShape: [pre.height, pre.width, pre.channels] }));
  config.hidden.forEach((units, i) => model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: init(), name: `enc_${i}` })));
  model.add(tf.layers.dense({ units: config.latent, activation: 'relu', kernelInitializer: init(), name: DENSE_AE_BOTTLENECK }));
  [...config.hidden].reverse().forEach((units, i) => model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: init(), name: `dec_${i}` })));
  model.add(tf.layers.dense({ units: pixels, activation: 'sigmoid', kernelInitializer: init(), name: 'output' }));
  model.add(tf.layers.reshape({ targetShape: [pre.height, pre.width, pre.channels] }));
  return model;
}
