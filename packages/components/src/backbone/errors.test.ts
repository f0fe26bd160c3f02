import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { directoryIO, UserError } from '@anomaly-zoo/core';
import { FeatureExtractor } from './feature-extractor';
import { BackboneSpec } from './spec';
import { pretrainedModel } from './test-utils/models';

async function failure(spec: BackboneSpec): Promise<Error> {
  const error = await FeatureExtractor.load(spec).then(
    (e) => {
      e.dispose();
      return new Error('loaded');
    },
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('FeatureExtractor.load errors', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'az-backbone-errors-'));
  const tinyDir = path.join(tmp, 'tiny');

  beforeAll(async () => {
    // A tiny conv net saved the way the pretrained ones are, so these checks need no downloaded weights.
    const input = tf.input({ shape: [8, 8, 3], name: 'image' });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'block1_conv' }).apply(input);
    const pool = tf.layers.globalAveragePooling2d({ name: 'block1_pool' }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: pool });
    await model.save(directoryIO(tinyDir));
    model.dispose();
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names a missing directory', async () => {
    const missing = path.join(tmp, 'nope');
    expect((await failure({ source: 'local', path: missing, layers: ['a'] })).message).toContain(missing);
  });

  it('names a directory without model.json', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'));
    expect((await failure({ source: 'local', path: path.join(tmp, 'empty'), layers: ['a'] })).message).toContain(path.join(tmp, 'empty', 'model.json'));
  });

  it('names an unknown layer and lists close valid names', async () => {
    const message = (await failure({ source: 'local', path: tinyDir, layers: ['block1_conv', 'block1_pol'] })).message;
    expect(message).toContain(tinyDir);
    expect(message).toContain("'block1_pol'");
    expect(message).toContain('block1_pool');
  });

  it('works on the tiny model and rejects an input size it cannot take', async () => {
    const extractor = await FeatureExtractor.load({ source: 'local', path: tinyDir, layers: ['block1_pool', 'block1_conv'] });
    expect(extractor.inputSize).toBe(8);
    const x = tf.ones([2, 20, 20, 3]) as tf.Tensor4D;
    const pooled = extractor.pooled(x);
    expect(pooled.shape).toEqual([2, 8]);
    tf.dispose([x, pooled]);
    extractor.dispose();
    // Fused (convolutions only), the chain takes other sizes too; layer by layer, the Keras input shape binds.
    const larger = await FeatureExtractor.load({ source: 'local', path: tinyDir, layers: ['block1_pool'], inputSize: 16 });
    expect(larger.inputSize).toBe(16);
    larger.dispose();
    const fused = process.env.ANOMALY_ZOO_FUSED;
    process.env.ANOMALY_ZOO_FUSED = '0';
    try {
      expect((await failure({ source: 'local', path: tinyDir, layers: ['block1_pool'], inputSize: 16 })).message).toMatch(/backbone.inputSize.*8×8/);
    } finally {
      if (fused === undefined) delete process.env.ANOMALY_ZOO_FUSED;
      else process.env.ANOMALY_ZOO_FUSED = fused;
    }
  });

  it('checks the spec before touching the disk', async () => {
    expect((await failure({ source: 'local', layers: ['a'] })).message).toMatch(/^backbone.path/);
    expect((await failure({ source: 'local', path: tinyDir, layers: [] })).message).toMatch(/^backbone.layers/);
    expect((await failure({ source: 'local', path: tinyDir, layers: ['a', 'a'] })).message).toMatch(/'a' is listed twice/);
    expect((await failure({ source: 'local', path: tinyDir, layers: ['a'], inputRange: [1, 0] })).message).toMatch(/^backbone.inputRange/);
    expect((await failure({ source: 'web' as 'hub', layers: ['a'] })).message).toMatch(/^backbone.source/);
  });

  const graphDir = pretrainedModel('mobilenet_v1_025_224_tfhub');
  (graphDir ? it : it.skip)('names an unknown GraphModel node', async () => {
    const message = (await failure({ source: 'local', path: graphDir as string, layers: ['module_apply_default/MobilenetV1/Logits/global_poll'] })).message;
    expect(message).toContain(graphDir as string);
    expect(message).toContain("'module_apply_default/MobilenetV1/Logits/global_poll'");
    expect(message).toContain('module_apply_default/MobilenetV1/Logits/global_pool');
  });

  const layersDir = pretrainedModel('mobilenet_v1_0.25_224');
  (layersDir ? it : it.skip)('names an unknown layer of the pretrained LayersModel', async () => {
    const message = (await failure({ source: 'local', path: layersDir as string, layers: ['conv_pw_14_relu'] })).message;
    expect(message).toContain("'conv_pw_14_relu'");
    expect(message).toMatch(/conv_pw_1\d_relu/);
  });
});
