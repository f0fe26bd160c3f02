import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { ModelContext } from '@anomaly-zoo/core';
import { LatentKdeConfig, latentKde, LatentKdeModel } from './index';
import { defaultConfig, GeneratedData, generatedData, naiveAuroc, removeGenerated, scoreAll, trainAndScoreWithoutLeaks, trainEpochs } from '@anomaly-zoo/testing';
import { directorySource } from '@anomaly-zoo/core';

// A smaller network than the defaults, for 32² images and a quick test.
const base = defaultConfig<LatentKdeConfig>(latentKde, {
  channels: [16, 32], latent_channels: 8, hidden: [64], latent: 16, map_sigma: 1, ssim_window: 7, pca_components: 8,
});

let data: GeneratedData;
let ctx: ModelContext;
beforeAll(async () => {
  data = await generatedData({ size: 32 });
  ctx = { preprocessing: data.preprocessing, seed: 5, log: () => undefined };
});
afterAll(() => removeGenerated(data));

function create(config: LatentKdeConfig): LatentKdeModel {
  return latentKde.create(config, ctx) as LatentKdeModel;
}

describe('latent-kde', () => {
  it('separates generated defects by the combined score and by each part, and keeps the tensor count flat over 20 epochs', async () => {
    const model = create(base);
    const scored = await trainAndScoreWithoutLeaks(model, data, 20, 0.003, () => model.afterTraining(data.train, ctx));
    const { reconstruction_z: rz, latent_z: lz } = scored.parts;
    scored.scores.forEach((s, i) => expect(s).toBeCloseTo((rz![i] as number) + (lz![i] as number), 4));
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    expect(naiveAuroc(scored.parts.reconstruction!, data.labels)).toBeGreaterThanOrEqual(0.85);
    expect(naiveAuroc(scored.parts.latent_nll!, data.labels)).toBeGreaterThanOrEqual(0.7);
    // Standardised on held-out codes, good test images sit near the normal distribution of each part.
    const goodLatentZ = lz!.filter((_, i) => data.labels[i] === 0);
    expect(Math.abs(goodLatentZ.reduce((a, b) => a + b, 0) / goodLatentZ.length)).toBeLessThan(1.5);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-latent-kde-'));
    await model.save(dir);
    const loaded = await latentKde.load(directorySource(dir), base, ctx);
    expect((await scoreAll(loaded, data.test)).scores).toEqual(scored.scores);
    loaded.dispose();
    model.dispose();
  });

  it('fits pooled codes of a dense or conv AE with a single Gaussian, under every combine rule', async () => {
    for (const config of [
      { ...base, autoencoder: 'dense', density: 'gaussian', combine: 'max' },
      { ...base, features: 'pool', pca_components: 0, combine: 'or-rule' },
    ] as LatentKdeConfig[]) {
      const model = create(config);
      await trainEpochs(model, data.train, 2, 0.003);
      await model.afterTraining(data.train, ctx);
      const scored = await scoreAll(model, data.test);
      scored.scores.forEach((s) => expect(Number.isFinite(s)).toBe(true));
      model.dispose();
    }
  });

  it('saves a training checkpoint without a density, refuses to score it, and scores once fitted', async () => {
    const model = create(base);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-latent-kde-ckpt-'));
    await model.save(dir);
    expect(fs.existsSync(path.join(dir, 'latent-density.json'))).toBe(false);
    const loaded = (await latentKde.load(directorySource(dir), base, ctx)) as LatentKdeModel;
    const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    await expect(loaded.score(x)).rejects.toThrow(/not fitted/);
    await loaded.afterTraining(data.train, ctx);
    expect((await loaded.score(x)).scores).toHaveLength(1);
    tf.dispose(x);
    loaded.dispose();
    model.dispose();
  });
});
