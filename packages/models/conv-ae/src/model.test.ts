import * as tf from '@tensorflow/tfjs';
import type { GradientModel } from '@anomaly-zoo/core';
import { ConvAeConfig, convAe } from './index';
import { GeneratedData, generatedData, pairwiseAuroc, removeGenerated, scoreAll, trainAndScoreWithoutLeaks, trainEpochs } from './test-utils/generated-data';

const base: ConvAeConfig = {
  channels: [16, 32], latent_channels: 8, kernel_size: 3, output_conv: false,
  loss: 'mse', error_map: 'squared', map_sigma: 1, image_score: 'max', ssim_window: 7, ssim_sigma: 1.5,
};

let data: GeneratedData;
beforeAll(async () => {
  data = await generatedData({ size: 32 });
});
afterAll(() => removeGenerated(data));

function create(config: ConvAeConfig): GradientModel {
  return convAe.create(config, { preprocessing: data.preprocessing, seed: 5, log: () => undefined }) as GradientModel;
}

describe('conv-ae', () => {
  it('separates generated defects from good images, with input-sized maps, and keeps the tensor count flat over 20 epochs', async () => {
    const model = create(base);
    const scored = await trainAndScoreWithoutLeaks(model, data, 20, 0.003);
    expect(pairwiseAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });

  it('trains with the SSIM loss and scores by the 1 − SSIM map', async () => {
    const model = create({ ...base, loss: 'ssim', error_map: 'ssim' });
    await trainEpochs(model, data.train, 12, 0.003);
    const scored = await scoreAll(model, data.test);
    scored.maps.forEach((map) => expect(Math.min(...map)).toBeGreaterThanOrEqual(-1e-6));
    expect(pairwiseAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });

  it('mirrors the encoder back to the image channels, or ends in a full-resolution conv with output_conv', () => {
    const shapes = (config: ConvAeConfig) => {
      const model = create(config) as unknown as { network: tf.LayersModel; dispose(): void };
      const layers = model.network.layers.map((layer) => [layer.name, (layer.outputShape as number[]).slice(1)]);
      model.dispose();
      return layers;
    };
    expect(shapes(base)).toEqual([
      ['enc_0', [16, 16, 16]], ['enc_1', [8, 8, 32]], ['bottleneck', [8, 8, 8]], ['dec_0', [16, 16, 16]], ['output', [32, 32, 3]],
    ]);
    expect(shapes({ ...base, output_conv: true })).toEqual([
      ['enc_0', [16, 16, 16]], ['enc_1', [8, 8, 32]], ['bottleneck', [8, 8, 8]], ['dec_0', [16, 16, 32]], ['dec_1', [32, 32, 16]],
      ['output', [32, 32, 3]],
    ]);
  });
});
