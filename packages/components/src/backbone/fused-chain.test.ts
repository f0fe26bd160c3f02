import * as tf from '@tensorflow/tfjs';
import { FeatureExtractor } from './feature-extractor';
import { FusedChain } from './fused-chain';
import { describeWithModel, randomImages } from './test-utils/models';

/** max |a − b| / max |b|: the error of a relative to b at the scale of b. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / tf.max(tf.abs(b)).dataSync()[0]!);
}

async function withFusion<T>(enabled: boolean, body: () => Promise<T>): Promise<T> {
  const previous = process.env.ANOMALY_ZOO_FUSED;
  process.env.ANOMALY_ZOO_FUSED = enabled ? '1' : '0';
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.ANOMALY_ZOO_FUSED;
    else process.env.ANOMALY_ZOO_FUSED = previous;
  }
}

describeWithModel('mobilenet_v1_0.25_224', 'FusedChain on MobileNet V1 0.25', (dir) => {
  it('gives the layer-by-layer maps and embedding (batch norm folded, bias + relu6 fused) to float rounding', async () => {
    const load = (layers: string[]) => FeatureExtractor.load({ source: 'local', path: dir, layers });
    const maps = ['conv_pw_5_relu', 'conv_pw_11_relu'];
    const pooled = ['global_average_pooling2d_1', 'conv_pw_13_relu'];
    const [fusedMaps, fusedPooled] = await withFusion(true, () => Promise.all([load(maps), load(pooled)]));
    const [plainMaps, plainPooled] = await withFusion(false, () => Promise.all([load(maps), load(pooled)]));
    expect(JSON.parse(fusedMaps.id).implementation).toBe('fused');
    expect(JSON.parse(plainMaps.id).implementation).toBeUndefined();
    const x = randomImages(2, 224, 224, 3);
    const a = fusedMaps.spatial(x);
    const b = plainMaps.spatial(x);
    expect(a.map((t) => t.shape)).toEqual([[2, 28, 28, 64], [2, 14, 14, 128]]);
    expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
    a.forEach((t, i) => expect(relativeError(t, b[i]!)).toBeLessThan(1e-4));
    const p = fusedPooled.pooled(x);
    const q = plainPooled.pooled(x);
    expect(p.shape).toEqual([2, 512]);
    expect(relativeError(p, q)).toBeLessThan(1e-4);
    tf.dispose([x, ...a, ...b, p, q]);
    [fusedMaps, fusedPooled, plainMaps, plainPooled].forEach((e) => e.dispose());
  });

  it('ends a block early when an inner output (batch norm before its relu6) is asked for', async () => {
    const load = () => FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_5_bn'] });
    const fused = await withFusion(true, load);
    const plain = await withFusion(false, load);
    expect(JSON.parse(fused.id).implementation).toBe('fused');
    const x = randomImages(1, 224);
    const [a] = fused.spatial(x);
    const [b] = plain.spatial(x);
    expect(a!.shape).toEqual([1, 28, 28, 64]);
    expect(tf.min(b!).dataSync()[0]).toBeLessThan(0); // before the relu: negative values survive
    expect(relativeError(a!, b!)).toBeLessThan(1e-4);
    tf.dispose([x, a!, b!]);
    fused.dispose();
    plain.dispose();
  });
});

describe('FusedChain on models that are not conv chains', () => {
  it('declines a model with a dense layer, holding no tensors afterwards', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false, name: 'c' }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: 'c_bn' }).apply(conv) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'f' }).apply(bn) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, name: 'd' }).apply(flat) as tf.SymbolicTensor });
    const before = tf.memory().numTensors;
    expect(FusedChain.tryBuild(model, ['d'])).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    const chain = FusedChain.tryBuild(model, ['c_bn']);
    expect(chain).toBeDefined();
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const expected = tf.model({ inputs: input, outputs: bn }).predict(x) as tf.Tensor;
    const [got] = chain!.forward(x);
    expect(relativeError(got!, expected)).toBeLessThan(1e-5);
    tf.dispose([x, expected, got!]);
    chain!.dispose();
    model.dispose();
  });
});
