import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { pretrainedModelsDir } from '../models-dir';

/** `<models dir>/<name>` when it holds a model.json; else undefined, after printing why tests are skipped. */
export function pretrainedModel(name: string): string | undefined {
  const root = pretrainedModelsDir();
  const dir = root && path.join(root, name);
  if (dir && fs.existsSync(path.join(dir, 'model.json'))) return dir;
  console.log(`skipping tests that need ${name}: not found (set ANOMALY_ZOO_MODELS to the folder of pretrained models, e.g. ../shared/models)`);
  return undefined;
}

/** describe() when the model is there, describe.skip() otherwise. */
export function describeWithModel(name: string, title: string, body: (dir: string) => void): void {
  const dir = pretrainedModel(name);
  if (dir) describe(title, () => body(dir));
  else describe.skip(`${title} (needs ${name})`, () => body(''));
}

/** Seeded uniform [0,1) images, [n,h,w,3]. */
export function randomImages(n: number, h: number, w = h, seed = 1): tf.Tensor4D {
  return tf.randomUniform([n, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Elementwise max |a-b|. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
