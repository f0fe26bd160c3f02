import * as tf from '@tensorflow/tfjs';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { DensityPipeline } from '../density/density-pipeline';

/** Correlated training features and queries, some far outside the training cloud (large −log p, the LSE's hard case). */
function features(): { train: tf.Tensor2D; queries: tf.Tensor2D } {
  return tf.tidy(() => {
    const mixing = tf.randomNormal([6, 6], 0, 1, 'float32', 11);
    const train = tf.matMul(tf.randomNormal([80, 6], 0, 1, 'float32', 12), mixing);
    const queries = tf.matMul(tf.mul(tf.randomNormal([9, 6], 0, 1, 'float32', 13), tf.tensor2d([1, 1, 1, 3, 3, 6, 6, 10, 10], [9, 1])), mixing);
    return { train: train as tf.Tensor2D, queries: queries as tf.Tensor2D };
  });
}

describe('density heads through ONNX Runtime against tfjs', () => {
  it.each([
    ['kde, PCA and max_norm scaling', { density: 'kde', pca_components: 4, scaling: 'max_norm' }],
    ['kde, no PCA, unit_norm scaling, subsampled kernels', { density: 'kde', pca_components: 0, scaling: 'unit_norm', max_training_points: 50 }],
    ['one Gaussian with shrinkage after PCA', { density: 'gaussian', pca_components: 0.9, scaling: 'none', shrinkage: 'ledoit_wolf', ridge: 1e-3 }],
  ] as const)('%s: −log p equals DensityPipeline.score', async (_, options) => {
    const { train, queries } = features();
    const pipeline = DensityPipeline.fit(train, { bandwidth: 'scott', shrinkage: 'none', ridge: 0, max_training_points: 1000, ...options } as never, 3);
    const expected = pipeline.score(queries);
    const out = await evaluateGraph({ q: { data: queries.dataSync() as Float32Array, dims: queries.shape } }, (g, { q }) => ({ nll: { value: pipeline.exportGraph(g, q!), rank: 1 } }));
    const values = expected.dataSync();
    // Relative to the score's size: far queries have −log p in the hundreds, where float32 keeps ~5 digits.
    const scale = Math.max(1, ...Array.from(values, Math.abs));
    expect(maxAbsDifference(out.nll!.data, values) / scale).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(values)) - Math.min(...Array.from(values))).toBeGreaterThan(1);
    tf.dispose([train, queries, expected]);
    pipeline.dispose();
  });
});
