import type { GradientModel } from '@anomaly-zoo/core';
import { DenseAeConfig, denseAe } from './index';
import { GeneratedData, generatedData, naiveAuroc, removeGenerated, trainAndScoreWithoutLeaks } from '@anomaly-zoo/testing';

const config: DenseAeConfig = { hidden: [64], latent: 16, loss: 'mse', error_map: 'squared', map_sigma: 1, image_score: 'max', ssim_window: 7, ssim_sigma: 1.5 };

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
