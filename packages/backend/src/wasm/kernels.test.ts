import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { randomArray, relativeError, runOn, seeded, sizeOf } from '../test-utils/compare';
import { registerCpuKernels } from '../cpu/register-kernels';
import { startWasm } from './setup';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number | [number, number]; pad: Pad }

const fixed: Case[] = [
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' }, // the conv AE's layers: even size, pad after only
  { x: [3, 10, 8, 5], filter: [3, 2, 5, 2], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 4], filter: [5, 5, 4, 6], strides: 2, pad: 'same' },
  { x: [1, 11, 13, 2], filter: [1, 1, 2, 3], strides: 3, pad: 'same' },
  { x: [2, 12, 10, 3], filter: [3, 3, 3, 5], strides: [2, 1], pad: 'valid' },
  { x: [2, 9, 9, 1], filter: [4, 4, 1, 8], strides: 2, pad: 'same' },
  { x: [2, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  // Padding larger than the filter: the input gradient then crops instead of padding.
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 3, pad: [[0, 0], [3, 0], [0, 4], [0, 0]] },
];

function randomCases(count: number, seed: number): Case[] {
  const r = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor((r() + 0.5) * (hi - lo + 1));
  return Array.from({ length: count }, () => {
    const [fh, fw] = [int(1, 4), int(1, 4)];
    return {
      x: [int(1, 3), int(fh + 2, 14), int(fw + 2, 14), int(1, 6)],
      filter: [fh, fw, 0, int(1, 6)],
      strides: [int(1, 2), int(1, 3)],
      pad: r() < 0 ? 'same' : 'valid',
    } as Case;
  }).map((c) => ({ ...c, filter: [c.filter[0], c.filter[1], c.x[3], c.filter[3]] }));
}

const cases = [...fixed, ...randomCases(8, 7)];
const label = (c: Case) => `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)}`;

/** Runs one kernel on wasm (checking it frees its temporaries) and on cpu. */
async function compare(kernel: string, inputs: Record<string, { values: Float32Array; shape: number[] }>, attrs: tf.NamedAttrMap) {
  const make = () => {
    const tensors: tf.NamedTensorMap = {};
    for (const [name, { values, shape }] of Object.entries(inputs)) tensors[name] = tf.tensor(values, shape);
    return tf.engine().runKernel(kernel, tensors, attrs) as tf.Tensor;
  };
  await tf.setBackend('wasm');
  const before = tf.engine().backend.numDataIds();
  const wasm = await runOn('wasm', make);
  expect(tf.engine().backend.numDataIds()).toBe(before);
  const cpu = await runOn('cpu', make);
  expect(wasm.shape).toEqual(cpu.shape);
  return relativeError(wasm.values, cpu.values);
}

function forwardShape(c: Case, depthwise: boolean, multiplier = 1): number[] {
  const filter: Case['filter'] = depthwise ? [c.filter[0], c.filter[1], c.x[3], multiplier] : c.filter;
  const info = tf.backend_util.computeConv2DInfo(c.x, filter, c.strides, 1, c.pad, undefined, depthwise);
  return info.outShape;
}

const tensor = (shape: number[], seed: number) => ({ values: randomArray(sizeOf(shape), seed), shape });

beforeAll(async () => {
  registerCpuKernels(); // the reference: stock cpu gets upSampling2d gradients wrong for batch > 1
  await startWasm(1);
});

describe('wasm conv gradient kernels match the cpu backend', () => {
  test.each(cases.map((c) => [label(c), c] as const))('Conv2DBackpropFilter %s', async (_, c) => {
    const error = await compare(tf.Conv2DBackpropFilter, { x: tensor(c.x, 1), dy: tensor(forwardShape(c, false), 2) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter });
    expect(error).toBeLessThan(1e-5);
  });

  test.each(cases.map((c) => [label(c), c] as const))('Conv2DBackpropInput %s', async (_, c) => {
    const error = await compare(tf.Conv2DBackpropInput, { dy: tensor(forwardShape(c, false), 3), filter: tensor(c.filter, 4) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x });
    expect(error).toBeLessThan(1e-5);
  });

  const depthwise = cases.filter((c) => typeof c.strides === 'number' || c.strides[0] === c.strides[1]);
  test.each(depthwise.map((c) => [label(c), c] as const))('DepthwiseConv2dNativeBackprop{Filter,Input} %s', async (_, c) => {
    for (const multiplier of [1, 2]) {
      const filterShape = [c.filter[0], c.filter[1], c.x[3], multiplier];
      const dy = tensor(forwardShape(c, true, multiplier), 5);
      const attrs = { strides: c.strides, dilations: 1, pad: c.pad };
      expect(await compare(tf.DepthwiseConv2dNativeBackpropFilter, { x: tensor(c.x, 6), dy }, { ...attrs, filterShape })).toBeLessThan(1e-5);
      expect(await compare(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: tensor(filterShape, 7) }, { ...attrs, inputShape: c.x })).toBeLessThan(1e-5);
    }
  });
});

describe('wasm Sum over leading axes (bias gradients) matches the cpu backend', () => {
  test.each([
    [[32, 16, 16, 8], [0, 1, 2], false],
    [[4, 5, 7, 3], [0, 1, 2], true],
    [[300, 10], [0], false],
    [[6, 50, 4], [0, 1], false],
    [[3, 4, 5], [1, 2], false], // not leading: the stock kernel
    [[2, 3], [0], false], // small: the stock kernel
  ] as const)('shape %j axes %j keepDims %s', async (shape, axis, keepDims) => {
    const error = await compare(tf.Sum, { x: tensor([...shape], 8) }, { axis: [...axis], keepDims });
    expect(error).toBeLessThan(1e-5);
  });
});

/** A small model using every usual layer (separable conv for the depthwise kernels), with seeded weights. */
function smallModel(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(1) }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU(),
      tf.layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', depthwiseInitializer: init(2), pointwiseInitializer: init(3) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.averagePooling2d({ poolSize: 1 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'elu', kernelInitializer: init(4) }),
      tf.layers.reshape({ targetShape: [4, 4, 4] }),
      tf.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(5) }),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(6) }),
    ],
  });
}

const images = () => tf.tidy(() => tf.tensor(randomArray(4 * 16 * 16 * 3, 9), [4, 16, 16, 3]).add(0.5));
const reconstructionLoss = (model: tf.Sequential, x: tf.Tensor) => () =>
  tf.losses.meanSquaredError(x, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;

async function gradients(backend: string): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = smallModel();
  const x = images();
  const { value, grads } = tf.variableGrads(reconstructionLoss(model, x));
  const out = model.trainableWeights.map((w) => grads[w.originalName]!.dataSync() as Float32Array);
  tf.dispose([value, x, ...Object.values(grads)]);
  model.dispose();
  return out;
}

describe('training on wasm', () => {
  test('the gradients of every weight of a small conv model match the cpu backend', async () => {
    const [wasm, cpu] = [await gradients('wasm'), await gradients('cpu')];
    expect(wasm).toHaveLength(cpu.length);
    wasm.forEach((g, i) => expect(relativeError(g, cpu[i]!)).toBeLessThan(1e-4));
  });

  test('the model trains with Adam: the loss goes down and no memory leaks', async () => {
    await tf.setBackend('wasm');
    const model = smallModel();
    const optimizer = tf.train.adam(0.02);
    const x = images();
    const losses: number[] = [];
    const dataIds: number[] = [];
    for (let step = 0; step < 15; step++) {
      const loss = optimizer.minimize(reconstructionLoss(model, x), true)!;
      losses.push(loss.arraySync());
      loss.dispose();
      dataIds.push(tf.engine().backend.numDataIds());
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(losses[14]).toBeLessThan(losses[0]! * 0.9);
    expect(new Set(dataIds.slice(2)).size).toBe(1);
    x.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
