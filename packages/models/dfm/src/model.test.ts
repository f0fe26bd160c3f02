import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { BatchSource, ScoreResult } from '@anomaly-zoo/core';
import { dfkdm } from '@anomaly-zoo/model-dfkdm';
import { dfm, DFM_VARIANT } from './index';
// DFM is DFKDM's model with another head: the same generated data and small backbone serve both tests.
import { contextFor, generatedSplits, multiLayerGemConfig, testBackboneDir } from '../../dfkdm/src/test-utils/fixtures';
import { naiveAuroc } from '@anomaly-zoo/testing';
import { directorySource } from '@anomaly-zoo/core';

async function scoreAll(model: { score(x: tf.Tensor4D): Promise<ScoreResult> }, source: BatchSource): Promise<number[]> {
  const scores: number[] = [];
  for await (const batch of source.batches({ batchSize: 16 })) {
    scores.push(...(await model.score(batch.x)).scores);
    batch.x.dispose();
  }
  return scores;
}

(testBackboneDir() ? describe : describe.skip)('DFM with MobileNet V1 0.25', () => {
  it('separates generated defects with one shrunk Gaussian, saves dfm.json, and the loaded model scores identically', async () => {
    const data = await generatedSplits(fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfm-data-')), 64);
    const ctx = contextFor({ height: 64, width: 64, channels: 3 });
    const config = multiLayerGemConfig({ density: 'gaussian' });
    const model = dfm.create(config, ctx);
    if (!('fit' in model)) throw new Error('dfm is a single-pass model');
    await model.fit(data.train, ctx);
    const scores = await scoreAll(model, data.test);
    expect(naiveAuroc(scores, data.testLabels)).toBeGreaterThan(0.9);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfm-model-'));
    await model.save(dir);
    model.dispose();
    const saved = JSON.parse(fs.readFileSync(path.join(dir, DFM_VARIANT.file), 'utf8'));
    expect(saved).toMatchObject({ format: 'dfm', version: 3, pooling: { kind: 'gem', p: 3, normaliseLayers: true } });
    expect(saved.head).toMatchObject({ pca: null, scaler: null, density: { kind: 'GaussianScorer', options: { shrinkage: 'ledoit_wolf' } } });
    expect(saved.head.density.shrinkageIntensity).toBeGreaterThan(0);

    const tensors = tf.memory().numTensors;
    const loaded = await dfm.load(directorySource(dir), config, ctx);
    expect(await scoreAll(loaded, data.test)).toEqual(scores);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(dfkdm.load(directorySource(dir), config, ctx)).rejects.toThrow(/no dfkdm\.json \(not a saved DFKDM model\)/);
  });
});
