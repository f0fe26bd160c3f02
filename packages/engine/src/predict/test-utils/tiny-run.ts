import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { createRng, ModelContext, Preprocessing } from '@anomaly-zoo/core';
import { ImagesSource } from '@anomaly-zoo/testing';
import { chooseThreshold, minMaxNormaliser } from '@anomaly-zoo/eval';
import { getModel } from '@anomaly-zoo/registry';
import { silentLogger } from '../../log';
import { validateAgainst } from '../../config/validate';
import { saveModelDir } from '../../saved-model';
import { trainGradientModel } from '../../trainer';

export const TINY_PRE: Preprocessing = { height: 32, width: 32, channels: 3 };

/** A 32×32 RGB "normal" image: soft diagonal stripes with a seeded phase; `defect` adds a white square. */
export function tinyImageBytes(seed: number, defect = false): Uint8Array {
  const { height, width, channels } = TINY_PRE;
  const rng = createRng(seed);
  const phase = rng.uniform(0, Math.PI);
  const corner = [4 + Math.floor(rng.uniform(0, 16)), 4 + Math.floor(rng.uniform(0, 16))] as const;
  const bytes = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inSquare = defect && y >= corner[0] && y < corner[0] + 8 && x >= corner[1] && x < corner[1] + 8;
      for (let c = 0; c < channels; c++) {
        bytes[(y * width + x) * channels + c] = inSquare ? 255 : Math.round(255 * (0.45 + 0.3 * Math.sin((x + y) / 3 + phase + c)));
      }
    }
  }
  return bytes;
}

export async function writeTinyPng(file: string, bytes: Uint8Array): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(bytes), { raw: { width: TINY_PRE.width, height: TINY_PRE.height, channels: 3 } }).png().toFile(file);
}

/** Tiny images decoded as ImageSet would (bytes / 255). */
function bytesSource(images: Uint8Array[]): ImagesSource {
  return new ImagesSource(images.map((bytes) => Float32Array.from(bytes, (v) => v / 255)), TINY_PRE, undefined, 'train-');
}

/** A small conv-ae: the model of the tiny run unless another is asked for. */
const TINY_CONV_AE = { channels: [8, 16], latent_channels: 4, kernel_size: 3, loss: 'mse', error_map: 'squared', map_sigma: 1, image_score: 'mean', ssim_window: 11 };

/**
 * Trains a model (a small conv-ae by default; any registered model with its default config) on normal tiny images
 * and saves it as tools/train would (model/ with its manifest): threshold at the 99th percentile of held-out normal
 * scores, min–max normalisation.
 */
export async function trainTinyRun(runDir: string, options: { epochs?: number; seed?: number; model?: string } = {}): Promise<void> {
  const seed = options.seed ?? 7;
  const name = options.model ?? 'conv-ae';
  const definition = getModel(name);
  const modelConfig: Record<string, unknown> = name === 'conv-ae' ? { ...TINY_CONV_AE } : {};
  validateAgainst(definition.schema, modelConfig, 'tiny run', 'model');
  const ctx: ModelContext = { preprocessing: TINY_PRE, seed, log: () => undefined };
  const model = definition.create(modelConfig, ctx);
  const train = bytesSource(Array.from({ length: 48 }, (_, i) => tinyImageBytes(1000 + i)));
  const validation = bytesSource(Array.from({ length: 16 }, (_, i) => tinyImageBytes(2000 + i)));
  if (model.training === 'single-pass') await model.fit(train, ctx);
  else {
    await trainGradientModel(model, {
      config: { epochs: options.epochs ?? 8, batch_size: 8, learning_rate: 0.005, early_stopping: { patience: 0, min_delta: 0 } },
      seed, train, logger: silentLogger,
    });
    await model.afterTraining?.(train, ctx);
  }
  const scores: number[] = [];
  for await (const batch of validation.batches({ batchSize: 16 })) {
    scores.push(...(await model.score(batch.x)).scores);
    batch.x.dispose();
  }
  const threshold = chooseThreshold('percentile', { scores, labels: scores.map(() => 0 as const) }, { percentile: 99 });
  await saveModelDir(path.join(runDir, 'model'), model, {
    format: 'anomaly-zoo-model', version: 1, model: name, model_config: modelConfig, preprocessing: TINY_PRE,
    threshold, normalisation: minMaxNormaliser(threshold.value, scores), seed, backend: tf.getBackend(), created: new Date().toISOString(),
  });
  model.dispose();
}
