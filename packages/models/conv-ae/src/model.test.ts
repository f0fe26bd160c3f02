import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { GradientModel } from '@anomaly-zoo/core';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { exportRawScoringGraph, OrtSession, SCORING_INPUT, SCORING_OUTPUTS } from '@anomaly-zoo/onnx';
import { ConvAeConfig, convAe } from './index';
import { defaultConfig, GeneratedData, generatedData, naiveAuroc, pretrainedModel, removeGenerated, scoreAll, trainAndScoreWithoutLeaks, trainEpochs } from '@anomaly-zoo/testing';
import { directorySource } from '@anomaly-zoo/core';

// A smaller network and blur than the defaults, for 32² images.
const base = defaultConfig<ConvAeConfig>(convAe, { channels: [16, 32], latent_channels: 8, map_sigma: 1, ssim_window: 7 });

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
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });

  it('trains with the SSIM loss and scores by the 1 − SSIM map', async () => {
    const model = create({ ...base, loss: 'ssim', error_map: 'ssim' });
    await trainEpochs(model, data.train, 12, 0.003);
    const scored = await scoreAll(model, data.test);
    scored.maps.forEach((map) => expect(Math.min(...map)).toBeGreaterThanOrEqual(-1e-6));
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
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

const modelsDir = pretrainedModelsDir();
const haveBackbone = pretrainedModel(modelsDir, 'mobilenet_v1_0.25_224') !== undefined;

(haveBackbone ? describe : describe.skip)('conv-ae reconstructing MobileNet 0.25 features (space: features)', () => {
  const features: ConvAeConfig = {
    ...base, space: 'features', feature_channels: [32], latent_channels: 8, map_sigma: 2, error_standardisation: 'position',
    backbone: { source: 'local', model: 'mobilenet_v1_0.25_224', version: 1, alpha: 0.25, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'], input_size: 224, fallback_to_hub: false },
  };

  it('separates generated defects, keeps the tensor count flat over epochs, scores the same after save and load and in ONNX Runtime', async () => {
    const model = create(features);
    const ctx = { preprocessing: data.preprocessing, seed: 5, log: () => undefined };
    const scored = await trainAndScoreWithoutLeaks(model, data, 6, 0.003, () => model.afterTraining!(data.train, ctx));
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    const network = (model as unknown as { network: tf.LayersModel }).network;
    // 1×1 convs over the 28×28 stack of pw5 (64 channels) and upsampled pw11 (128).
    expect(network.layers.map((l) => [l.name, (l.outputShape as number[]).slice(1)])).toEqual([
      ['enc_0', [28, 28, 32]], ['bottleneck', [28, 28, 8]], ['dec_0', [28, 28, 32]], ['output', [28, 28, 192]],
    ]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-feature-ae-'));
    try {
      await model.save(dir);
      expect(fs.existsSync(path.join(dir, 'feature-error-stats.json'))).toBe(true);
      const loaded = await convAe.load(directorySource(dir), features, ctx);
      const again = await scoreAll(loaded, data.test);
      again.scores.forEach((s, i) => expect(s).toBeCloseTo(scored.scores[i] as number, 5));
      // Exported: ONNX Runtime gives the loaded model's scores and maps.
      const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const expected = await loaded.score(x, { maps: true });
      const { onnx } = await exportRawScoringGraph(loaded, 'conv-ae', data.preprocessing);
      const session = await OrtSession.create(onnx, { threads: 1 });
      const out = await session.run({ [SCORING_INPUT]: { data: x.dataSync() as Float32Array, dims: x.shape } });
      await session.release();
      const scale = Math.max(1, ...Array.from(expected.scores, Math.abs));
      out[SCORING_OUTPUTS.score]!.data.forEach((s, i) => expect(Math.abs(s - expected.scores[i]!) / scale).toBeLessThan(1e-4));
      const maps = Float32Array.from(expected.maps!.flatMap((m) => Array.from(m)));
      out[SCORING_OUTPUTS.anomalyMap]!.data.forEach((v, i) => expect(Math.abs(v - maps[i]!) / scale).toBeLessThan(1e-4));
      x.dispose();
      loaded.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    model.dispose();
  });
});
