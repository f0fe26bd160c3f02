import type { GradientModel } from '@anomaly-zoo/core';
import { DenseAeConfig, denseAe } from './index';
import { defaultConfig, GeneratedData, generatedData, naiveAuroc, removeGenerated, trainAndScoreWithoutLeaks } from '@anomaly-zoo/testing';

// A smaller network and blur than the defaults, for 32² images.
const config = defaultConfig<DenseAeConfig>(denseAe, { hidden: [64], latent: 16, map_sigma: 1, ssim_window: 7 });

let data: GeneratedData;
beforeAll(async () => {
  data = await generatedData({ size: 32 });
});
afterAll(() => removeGenerated(data));

describe('dense-ae', () => {
  it('separates generated defects from good images, with input-sized maps, and keeps the tensor count flat over 20 epochs', async () => {
    const model = denseAe.create(config, { preprocessing: data.preprocessing, seed: 5, log: () => undefined }) as GradientModel;
    const scored = await trainAndScoreWithoutLeaks(model, data, 20, 0.003);
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });
});
