import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { BatchSource, ModelContext, ScoreResult } from '@anomaly-zoo/core';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { dfkdm } from '@anomaly-zoo/model-dfkdm';
import { defaultConfig, describeWithModel, generatedData, naiveAuroc } from '@anomaly-zoo/testing';
import { DfmConfig, dfm, DFM_VARIANT } from './index';
import { directorySource } from '@anomaly-zoo/core';

const TEST_BACKBONE = 'mobilenet_v1_0.25_224';

async function scoreAll(model: { score(x: tf.Tensor4D): Promise<ScoreResult> }, source: BatchSource): Promise<number[]> {
  const scores: number[] = [];
  for await (const batch of source.batches({ batchSize: 16 })) {
    scores.push(...(await model.score(batch.x)).scores);
    batch.x.dispose();
  }
  return scores;
}

describeWithModel(pretrainedModelsDir(), TEST_BACKBONE, 'DFM with MobileNet V1 0.25', () => {
  it('separates generated defects with one shrunk Gaussian, saves dfm.json, and the loaded model scores identically', async () => {
    // The data DFKDM's tests use: textured normals generated at 64², seed 5.
    const data = await generatedData({ size: 64, generatedSize: 64, seed: 5, train: 24 });
    const ctx: ModelContext = { preprocessing: data.preprocessing, seed: 3, log: () => undefined };
    // DFM's defaults on the small test backbone, without the disk cache.
    const config = defaultConfig<DfmConfig>(dfm, { backbone: { model: TEST_BACKBONE, alpha: 0.25, fallback_to_hub: false }, feature_cache: false });
    const model = dfm.create(config, ctx);
    if (!('fit' in model)) throw new Error('dfm is a single-pass model');
    await model.fit(data.train, ctx);
    const scores = await scoreAll(model, data.test);
    expect(naiveAuroc(scores, data.labels)).toBeGreaterThan(0.9);

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
