// Generated MVTec-layout data and the train / score loops model tests share.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { AnomalyModel, GradientModel, Label, Preprocessing } from '@anomaly-zoo/core';
import { generateSyntheticMvtec, ImageSet, loadMvtec } from '@anomaly-zoo/data';
import type { SyntheticStyle } from '@anomaly-zoo/data';

export interface GeneratedData {
  preprocessing: Preprocessing;
  train: ImageSet;
  test: ImageSet;
  labels: Label[];
  dir: string;
}

export interface GeneratedDataOptions {
  /** The side the images are loaded at. */
  size: number;
  /** The side they are generated at (default 2 × size). */
  generatedSize?: number;
  style?: SyntheticStyle;
  seed?: number;
  /** Image counts: train (default 32), normal test images (8), test images per defect kind (4). */
  train?: number;
  testGood?: number;
  perDefect?: number;
}

/** A small generated MVTec-layout set (scratches, blobs, missing pieces with masks), loaded at `size`². */
export async function generatedData(options: GeneratedDataOptions): Promise<GeneratedData> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-recon-'));
  await generateSyntheticMvtec({
    root: dir, seed: options.seed ?? 3, size: options.generatedSize ?? 2 * options.size, style: options.style ?? 'texture',
    trainCount: options.train ?? 32, testGoodCount: options.testGood ?? 8, defectsPerType: options.perDefect ?? 4,
  });
  const { train, test } = loadMvtec({ root: dir, category: 'synthetic' });
  const preprocessing: Preprocessing = { height: options.size, width: options.size, channels: 3 };
  return { preprocessing, train: new ImageSet(train, preprocessing), test: new ImageSet(test, preprocessing), labels: test.map((r) => r.label), dir };
}

/** Adam over `epochs` shuffled passes; returns tf.memory().numTensors after each epoch. */
export async function trainEpochs(model: GradientModel, train: ImageSet, epochs: number, learningRate: number, batchSize = 8): Promise<number[]> {
  await model.prepare?.();
  const optimizer = tf.train.adam(learningRate);
  const tensorCounts: number[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for await (const batch of train.batches({ batchSize, shuffleSeed: epoch })) {
        optimizer.minimize(() => model.loss(batch.x), false, model.trainableVariables());
        batch.x.dispose();
      }
      tensorCounts.push(tf.memory().numTensors);
    }
  } finally {
    optimizer.dispose();
  }
  return tensorCounts;
}

export interface ScoredTest {
  scores: number[];
  maps: Float32Array[];
  parts: Record<string, number[]>;
}

export async function scoreAll(model: AnomalyModel, source: ImageSet): Promise<ScoredTest> {
  const out: ScoredTest = { scores: [], maps: [], parts: {} };
  for await (const batch of source.batches({ batchSize: 16 })) {
    const result = await model.score(batch.x, { maps: true });
    batch.x.dispose();
    out.scores.push(...result.scores);
    out.maps.push(...(result.maps ?? []));
    for (const [name, values] of Object.entries(result.parts ?? {})) (out.parts[name] ??= []).push(...values);
  }
  return out;
}

/**
 * Trains `epochs` epochs and scores the test split with maps, asserting no leak on the way: the tensor count is the
 * same after every epoch from the second on, and scoring leaves it unchanged. Maps are checked to be input-sized.
 */
export async function trainAndScoreWithoutLeaks(
  model: GradientModel, data: GeneratedData, epochs: number, learningRate: number, afterTraining?: () => Promise<void>,
): Promise<ScoredTest> {
  const counts = await trainEpochs(model, data.train, epochs, learningRate);
  expect(counts.slice(1)).toEqual(counts.slice(1).map(() => counts[1]));
  await afterTraining?.();
  const before = tf.memory().numTensors;
  const scored = await scoreAll(model, data.test);
  expect(tf.memory().numTensors).toBe(before);
  expect(scored.maps).toHaveLength(data.labels.length);
  const { height, width } = data.preprocessing;
  scored.maps.forEach((map) => expect(map).toHaveLength(height * width));
  return scored;
}

export function removeGenerated(data: GeneratedData): void {
  fs.rmSync(data.dir, { recursive: true, force: true });
}
