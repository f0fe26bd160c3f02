import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { tensor4dFromHost } from '@anomaly-zoo/core';
import { OnnxRuntime } from '@anomaly-zoo/onnx';
import { FeatureExtractor } from './feature-extractor';
import { FusedChain } from './fused-chain';
import { exportPoolAndConcat, poolAndConcat, Pooling } from './pooling';
import { exportResizeImages, resizeImages } from './preprocess';
import { describeWithModel, randomImages } from './test-utils/models';

const runtime = new OnnxRuntime({ threads: 1 });

/** Runs `build` through ONNX Runtime on x ([N, ...dims]) and returns its outputs as tensors. */
async function onOrt(x: tf.Tensor, build: (g: GraphBuilder, input: string) => string[]): Promise<tf.Tensor[]> {
  const graph = await runtime.compile(build, x.shape.slice(1));
  try {
    const outputs = await graph.run({ data: x.dataSync() as Float32Array, dims: x.shape });
    return outputs.map((o) => tf.tensor(o.data, [...o.dims]));
  } finally {
    await graph.release();
  }
}

/** max |a − b| / max |b|, after checking the shapes agree. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / tf.max(tf.abs(b)).dataSync()[0]!);
}

/** Seeded values in [low, high) for a weight of this shape. */
function randomWeight(shape: number[], seed: number, low = -1, high = 1): tf.Tensor {
  return tf.randomUniform(shape, low, high, 'float32', seed);
}

/** Sets every weight of `layer` to seeded random values; batch-norm variances (the 4th weight) stay positive. */
function randomise(layer: tf.layers.Layer, seed: number): void {
  const weights = layer.getWeights().map((w, i) => randomWeight(w.shape, seed + i, layer.getClassName() === 'BatchNormalization' && i === 3 ? 0.2 : -1, 1));
  layer.setWeights(weights);
  tf.dispose(weights);
}

interface Block {
  kind: 'conv' | 'depthwise';
  kernel: number;
  strides: number;
  padding: 'same' | 'valid';
  activation?: 'relu' | 'relu6';
  batchNorm?: boolean;
  filters?: number;
  multiplier?: number;
}

/** A chain of blocks on `size`² × `channels` inputs, random weights; returns the model and each block's last layer. */
function chainModel(size: number, channels: number, blocks: Block[], pool = false): { model: tf.LayersModel; outputs: string[] } {
  const input = tf.input({ shape: [size, size, channels] });
  let h: tf.SymbolicTensor = input;
  const outputs: string[] = [];
  blocks.forEach((block, i) => {
    const common = { kernelSize: block.kernel, strides: block.strides, padding: block.padding, useBias: !block.batchNorm, name: `b${i}` };
    const conv = block.kind === 'conv'
      ? tf.layers.conv2d({ ...common, filters: block.filters ?? 4 })
      : tf.layers.depthwiseConv2d({ ...common, depthMultiplier: block.multiplier ?? 1 });
    h = conv.apply(h) as tf.SymbolicTensor;
    randomise(conv, 10 * i + 1);
    let last = conv.name;
    if (block.batchNorm) {
      const bn = tf.layers.batchNormalization({ name: `b${i}_bn` });
      h = bn.apply(h) as tf.SymbolicTensor;
      randomise(bn, 10 * i + 5);
      last = bn.name;
    }
    if (block.activation) {
      const act = block.activation === 'relu6' ? tf.layers.reLU({ maxValue: 6, name: `b${i}_relu` }) : tf.layers.activation({ activation: 'relu', name: `b${i}_relu` });
      h = act.apply(h) as tf.SymbolicTensor;
      last = act.name;
    }
    outputs.push(last);
  });
  if (pool) {
    h = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(h) as tf.SymbolicTensor;
    outputs.push('pool');
  }
  return { model: tf.model({ inputs: input, outputs: h }), outputs };
}

/** The chain through tfjs' own layers and through ONNX Runtime agree on every output; returns the worst relative error. */
async function compareChain(size: number, channels: number, blocks: Block[], pool = false): Promise<number> {
  const { model, outputs } = chainModel(size, channels, blocks, pool);
  const chain = FusedChain.tryBuild(model, outputs);
  expect(chain).toBeDefined();
  const x = randomWeight([2, size, size, channels], 99, -1, 1) as tf.Tensor4D;
  const reference = tf.model({ inputs: model.inputs, outputs: outputs.map((name) => model.getLayer(name).output as tf.SymbolicTensor) });
  const expected = reference.predict(x) as tf.Tensor | tf.Tensor[];
  const got = await onOrt(x, (g, input) => chain!.exportGraph(g, input).map((o) => o.name));
  const errors = (Array.isArray(expected) ? expected : [expected]).map((e, i) => relativeError(got[i]!, e));
  tf.dispose([x, expected, got]);
  chain!.dispose();
  model.dispose();
  return Math.max(...errors);
}

describe('backbone ops exported to ONNX equal tfjs on random inputs', () => {
  it.each([
    ['conv 3×3 stride 1 same', 9, { kind: 'conv', kernel: 3, strides: 1, padding: 'same' }],
    ['conv 3×3 stride 2 same, even side (pads 0 before, 1 after)', 8, { kind: 'conv', kernel: 3, strides: 2, padding: 'same' }],
    ['conv 3×3 stride 2 same, odd side (pads 1 and 1)', 9, { kind: 'conv', kernel: 3, strides: 2, padding: 'same' }],
    ['conv 4×4 stride 2 same (pads 1 before, 2 after)', 8, { kind: 'conv', kernel: 4, strides: 2, padding: 'same' }],
    ['conv 3×3 stride 2 valid', 9, { kind: 'conv', kernel: 3, strides: 2, padding: 'valid' }],
    ['conv 1×1 + batch norm + relu', 5, { kind: 'conv', kernel: 1, strides: 1, padding: 'same', batchNorm: true, activation: 'relu' }],
    ['depthwise 3×3 stride 1 same + batch norm + relu6', 7, { kind: 'depthwise', kernel: 3, strides: 1, padding: 'same', batchNorm: true, activation: 'relu6' }],
    ['depthwise 3×3 stride 2 same, multiplier 2', 8, { kind: 'depthwise', kernel: 3, strides: 2, padding: 'same', multiplier: 2 }],
  ] as [string, number, Block][])('%s', async (_title, size, block) => {
    expect(await compareChain(size, 3, [block])).toBeLessThan(1e-5);
  });

  it('a MobileNet-style chain with outputs in the middle and global average pooling at the end', async () => {
    const blocks: Block[] = [
      { kind: 'conv', kernel: 3, strides: 2, padding: 'same', batchNorm: true, activation: 'relu6', filters: 8 },
      { kind: 'depthwise', kernel: 3, strides: 1, padding: 'same', batchNorm: true, activation: 'relu6' },
      { kind: 'conv', kernel: 1, strides: 1, padding: 'same', batchNorm: true, activation: 'relu6', filters: 6 },
      { kind: 'depthwise', kernel: 3, strides: 2, padding: 'same', batchNorm: true, activation: 'relu6' },
    ];
    expect(await compareChain(15, 3, blocks, true)).toBeLessThan(1e-5);
  });

  it.each([
    ['down 13 → 8', 13, 8],
    ['up 5 → 12', 5, 12],
    ['same size (no Resize node)', 6, 6],
  ])('bilinear resize with half-pixel centres, %s', async (_title, side, size) => {
    const x = randomImages(2, side, side, 7);
    const expected = resizeImages(x, size);
    const [got] = await onOrt(x, (g, input) => [exportResizeImages(g, input, side, size)]);
    expect(relativeError(got!, expected)).toBeLessThan(1e-5);
    tf.dispose([x, expected, got!]);
  });

  it.each([
    ['average', { kind: 'avg', p: 1, normaliseLayers: false }],
    ['GeM p = 3, layers L2-normalised', { kind: 'gem', p: 3, normaliseLayers: true }],
  ] as [string, Pooling][])('pooling and joining a map and a vector: %s', async (_title, pooling) => {
    const map = tf.relu(randomWeight([2, 4, 5, 3], 3)) as tf.Tensor4D;
    const vector = randomWeight([2, 6], 4);
    const expected = poolAndConcat([map, vector], ['map', 'vector'], pooling);
    const both = tf.concat([tf.reshape(map, [2, 60]), vector], 1);
    // The graph takes one input: it slices the map and the vector back out of [2, 66].
    const [got] = await onOrt(both, (g, input) => {
      const slice = (start: number, end: number) =>
        g.node('Slice', [input, g.constant({ int64: [start], dims: [1] }), g.constant({ int64: [end], dims: [1] }), g.constant({ int64: [1], dims: [1] })])[0]!;
      const [mapValue] = g.node('Reshape', [slice(0, 60), g.constant({ int64: [-1, 4, 5, 3], dims: [4] })]);
      return [exportPoolAndConcat(g, [{ name: mapValue!, rank: 4 }, { name: slice(60, 66), rank: 2 }], ['map', 'vector'], pooling)];
    });
    expect(relativeError(got!, expected)).toBeLessThan(1e-5);
    tf.dispose([map, vector, expected, both, got!]);
  });
});

describeWithModel('mobilenet_v1_0.75_224', 'MobileNet V1 0.75 through ONNX Runtime', (dir) => {
  const maps = ['conv_pw_5_relu', 'conv_pw_11_relu', 'conv_pw_13_relu'];

  // One tfjs forward pass per size (the cpu backend is slow at 448²): the tfjs pooled rows come from its maps.
  it.each([[224, 2], [448, 1]])('gives the fused tfjs maps and pooled rows at %i² (%i images), within 1e-4 relative', async (size, n) => {
    const load = (onOrt?: OnnxRuntime) => FeatureExtractor.load({ source: 'local', path: dir, layers: maps, inputSize: size }, { runtime: onOrt });
    const [tfjs, ort] = [await load(), await load(runtime)];
    expect(ort.engine).toBe('onnxruntime');
    expect(JSON.parse(ort.id).engine).toBe('onnxruntime');
    expect(JSON.parse(tfjs.id).engine).toBeUndefined();
    const x = randomImages(n, 200, 200, 5); // resized to `size` inside both
    const expectedMaps = tfjs.spatial(x);
    const gotMaps = await ort.spatialAsync(x);
    const gem: Pooling = { kind: 'gem', p: 3, normaliseLayers: true };
    const expected = poolAndConcat(expectedMaps, maps, gem);
    const got = await ort.pooledAsync(x, gem);
    const pooledError = relativeError(got, expected);
    const mapErrors = gotMaps.map((m, i) => relativeError(m, expectedMaps[i]!));
    const absolute = gotMaps.map((m, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(m, expectedMaps[i]!))).dataSync()[0]!));
    console.log(`MobileNet 0.75 at ${size}²: pooled relative ${pooledError.toExponential(2)}; maps relative ${mapErrors.map((e) => e.toExponential(2)).join(', ')}; max abs ${absolute.map((e) => e.toExponential(2)).join(', ')}`);
    expect(gotMaps.map((m) => m.shape)).toEqual([[n, size / 8, size / 8, 192], [n, size / 16, size / 16, 384], [n, size / 32, size / 32, 768]]);
    expect(pooledError).toBeLessThan(1e-4);
    mapErrors.forEach((e) => expect(e).toBeLessThan(1e-4));
    tf.dispose([x, expected, got, ...expectedMaps, ...gotMaps]);
    [tfjs, ort].forEach((e) => e.dispose());
  });

  it('holds no tensors after the asynchronous methods, batch by batch, and keeps image order across slices', async () => {
    const ort = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_5_relu'], inputSize: 64 }, { runtime, batchSize: 2 });
    const x = randomImages(5, 64, 64, 9);
    const whole = await ort.spatialAsync(x); // three slices: 2 + 2 + 1
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) {
      const maps = await ort.spatialAsync(x);
      await ort.withSpatialAsync(x, () => undefined);
      tf.dispose(maps);
    }
    expect(tf.memory().numTensors).toBe(before);
    const last = tf.slice(x, [4, 0, 0, 0], [1, -1, -1, -1]);
    const [alone] = await ort.spatialAsync(last);
    expect(relativeError(tf.slice(whole[0]!, [4, 0, 0, 0], [1, -1, -1, -1]), alone!)).toBe(0);
    // A batch as ImageSet makes it (its values kept on the host) is sliced there, with the same result.
    const hosted = tensor4dFromHost(Float32Array.from(await x.data()), x.shape);
    const [fromHost] = await ort.spatialAsync(hosted);
    expect(relativeError(fromHost!, whole[0]!)).toBe(0);
    tf.dispose([x, last, alone!, hosted, fromHost!, ...whole]);
    ort.dispose();
  });
});
