import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { ModelContext } from '@anomaly-zoo/core';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { describeWithModel, GeneratedData, generatedData, naiveAuroc, removeGenerated, scoreAll } from '@anomaly-zoo/testing';
import type { PatchcoreConfig } from './config';
import { PatchcoreModel } from './patchcore-model';
import { STATE_BIN, STATE_JSON } from './saved-state';
import { directorySource } from '@anomaly-zoo/core';

function config(overrides: Partial<PatchcoreConfig> = {}): PatchcoreConfig {
  return {
    backbone: { source: 'local', model: 'mobilenet_v1_0.25_224', version: 1, alpha: 0.25, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'], input_size: 128, fallback_to_hub: false },
    aggregation_size: 3, feature_resize: 'bilinear', projection_dims: 0,
    coreset: { ratio: 0.1, max_size: 1000, projection_dims: 32 },
    num_neighbors: 3, map_sigma: 2, chunk_size: 200, batch_size: 8,
    ...overrides,
  };
}

describeWithModel(pretrainedModelsDir(), 'mobilenet_v1_0.25_224', 'PatchcoreModel (MobileNet 0.25, generated textures)', () => {
  let data: GeneratedData;
  let ctx: ModelContext;
  beforeAll(async () => {
    data = await generatedData({ size: 64, train: 24 });
    ctx = { preprocessing: data.preprocessing, seed: 5, log: () => undefined };
  });
  afterAll(() => removeGenerated(data));

  it('separates defects, gives input-sized maps, keeps the tensor count flat and scores the same after save → load', async () => {
    const model = new PatchcoreModel(config(), ctx);
    await model.fit(data.train, ctx);
    const afterFirstFit = tf.memory().numTensors;
    await model.fit(data.train, ctx);
    expect(tf.memory().numTensors).toBe(afterFirstFit);

    const before = tf.memory().numTensors;
    const scored = await scoreAll(model, data.test);
    expect(tf.memory().numTensors).toBe(before);
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThan(0.9);
    expect(scored.maps).toHaveLength(data.labels.length);
    scored.maps.forEach((map) => expect(map).toHaveLength(64 * 64));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-patchcore-'));
    try {
      await model.save(dir);
      expect(fs.existsSync(path.join(dir, STATE_JSON)) && fs.existsSync(path.join(dir, STATE_BIN))).toBe(true);
      const loaded = await PatchcoreModel.load(directorySource(dir), config(), ctx);
      const again = await scoreAll(loaded, data.test);
      expect(again.scores).toEqual(scored.scores);
      expect(again.maps).toEqual(scored.maps);
      loaded.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      model.dispose();
    }
  });

  it('is deterministic for a seed, with and without the feature projection', async () => {
    for (const projection_dims of [0, 48]) {
      const runs: number[][] = [];
      for (let i = 0; i < 2; i++) {
        const model = new PatchcoreModel(config({ projection_dims }), ctx);
        await model.fit(data.train, ctx);
        runs.push((await scoreAll(model, data.test)).scores);
        model.dispose();
      }
      expect(runs[1]).toEqual(runs[0]);
    }
  });

  it('rejects a saved bank that does not match its description', async () => {
    const model = new PatchcoreModel(config(), ctx);
    await model.fit(data.train, ctx);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-patchcore-'));
    try {
      await model.save(dir);
      fs.truncateSync(path.join(dir, STATE_BIN), 100);
      await expect(PatchcoreModel.load(directorySource(dir), config(), ctx)).rejects.toThrow(/patchcore\.bin: 100 bytes, expected/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      model.dispose();
    }
  });
});
