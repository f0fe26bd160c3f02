import * as tf from '@tensorflow/tfjs';
import * as testing from '@anomaly-zoo/testing';
import { pretrainedModelsDir } from '../models-dir';

/** `<models dir>/<name>` when it holds a model.json; else undefined, after printing why tests are skipped. */
export function pretrainedModel(name: string): string | undefined {
  return testing.pretrainedModel(pretrainedModelsDir(), name);
}

/** describe() when the model is there, describe.skip() otherwise. */
export function describeWithModel(name: string, title: string, body: (dir: string) => void): void {
  testing.describeWithModel(pretrainedModelsDir(), name, title, body);
}

/** Seeded uniform [0,1) images, [n,h,w,3]. */
export function randomImages(n: number, h: number, w = h, seed = 1): tf.Tensor4D {
  return tf.randomUniform([n, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Elementwise max |a-b|. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).arraySync() as number);
}
