import * as tf from '@tensorflow/tfjs';
import { GraphExportUnsupported } from '@anomaly-zoo/core';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { exportLayersModel } from './layers-model-graph';

const seeded = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed });

/** ORT's outputs of the exported model next to tfjs's predict() on the same random batch. */
async function compare(model: tf.LayersModel, inputShape: number[], seed = 1): Promise<number> {
  const x = tf.randomUniform(inputShape, 0, 1, 'float32', seed);
  const expected = ([] as tf.Tensor[]).concat(model.predict(x) as tf.Tensor | tf.Tensor[]);
  const out = await evaluateGraph({ x: { data: x.dataSync() as Float32Array, dims: inputShape } }, (g, { x: input }) =>
    Object.fromEntries(exportLayersModel(g, model, input!).map((value, i) => [`y${i}`, { value, rank: expected[i]!.rank }])),
  );
  const worst = Math.max(...expected.map((t, i) => {
    expect(out[`y${i}`]!.dims).toEqual(t.shape);
    return maxAbsDifference(out[`y${i}`]!.data, t.dataSync());
  }));
  tf.dispose([x, ...expected]);
  return worst;
}

describe('exportLayersModel (each layer conversion through ONNX Runtime against tfjs, random inputs)', () => {
  it('convs with same and valid padding, strides, dilation, bias and activations', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [13, 11, 3], filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeded(1), biasInitializer: seeded(2) }));
    model.add(tf.layers.conv2d({ filters: 4, kernelSize: [2, 3], padding: 'valid', activation: 'tanh', kernelInitializer: seeded(3), biasInitializer: seeded(4) }));
    model.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu6', useBias: false, kernelInitializer: seeded(5) }));
    model.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'sigmoid', depthwiseInitializer: seeded(6), biasInitializer: seeded(7) }));
    expect(await compare(model, [2, 13, 11, 3])).toBeLessThan(1e-5);
    model.dispose();
  });

  it('transposed convs (same with kernel 3 and 1, valid), batch norm with fitted statistics, ReLU and up-sampling', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2dTranspose({ inputShape: [5, 4, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeded(8), biasInitializer: seeded(9) }));
    model.add(tf.layers.conv2dTranspose({ filters: 3, kernelSize: 1, strides: 2, padding: 'same', kernelInitializer: seeded(10) }));
    model.add(tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 1, padding: 'valid', kernelInitializer: seeded(11) }));
    const norm = tf.layers.batchNormalization({ epsilon: 0.01 });
    model.add(norm);
    model.add(tf.layers.reLU({ maxValue: 1.5 }));
    model.add(tf.layers.upSampling2d({ size: [2, 3] }));
    // Moving statistics away from their 0/1 initial values, so the folding is exercised.
    norm.setWeights([tf.tensor1d([1.5, 0.5]), tf.tensor1d([0.1, -0.2]), tf.tensor1d([0.3, -0.4]), tf.tensor1d([2, 0.25])]);
    expect(await compare(model, [3, 5, 4, 3], 2)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('pooling, zero padding, flatten, dense and reshape keep tfjs element order', async () => {
    const model = tf.sequential();
    model.add(tf.layers.maxPooling2d({ inputShape: [10, 7, 2], poolSize: 3, strides: 2, padding: 'same' }));
    model.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }));
    // Not straight before a pool: ONNX Runtime's pad fusion folds such a Pad into the pool's pads and then
    // rejects pads as large as the kernel.
    model.add(tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 1]] }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 12, activation: 'elu', kernelInitializer: seeded(12), biasInitializer: seeded(13) }));
    model.add(tf.layers.reshape({ targetShape: [2, 3, 2] }));
    model.add(tf.layers.dense({ units: 3, activation: 'softplus', kernelInitializer: seeded(14) }));
    expect(await compare(model, [2, 10, 7, 2], 3)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('a functional model with two outputs (a VAE encoder: mean and log-variance)', async () => {
    const image = tf.input({ shape: [8, 8, 1] });
    const h = tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeded(15) }).apply(image) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const mean = tf.layers.dense({ units: 4, kernelInitializer: seeded(16) }).apply(flat) as tf.SymbolicTensor;
    const logVar = tf.layers.dense({ units: 4, kernelInitializer: seeded(17) }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: image, outputs: [mean, logVar] });
    expect(await compare(model, [2, 8, 8, 1], 4)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('names a layer it cannot convert', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 1, kernelSize: 1 }));
    model.add(tf.layers.globalMaxPooling2d({ name: 'pool' }));
    const attempt = evaluateGraph({ x: { data: new Float32Array(16), dims: [1, 4, 4, 1] } }, (g, { x }) => ({ y: { value: exportLayersModel(g, model, x!)[0]!, rank: 2 } }));
    await expect(attempt).rejects.toThrow(GraphExportUnsupported);
    await expect(attempt).rejects.toThrow("cannot be exported yet: tfjs layer GlobalMaxPooling2D ('pool')");
    model.dispose();
  });
});
