import * as tf from '@tensorflow/tfjs';
import { positionMahalanobisGraph, reshape } from '@anomaly-zoo/components';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { mahalanobisDistances } from './mahalanobis';

describe('positionMahalanobisGraph through ONNX Runtime', () => {
  it('gives mahalanobisDistances for every image and position', async () => {
    const [positions, n, d] = [5, 3, 4];
    const features = tf.randomNormal([positions, n, d], 0, 2, 'float32', 31) as tf.Tensor3D;
    const mean = tf.randomNormal([positions, d], 0, 1, 'float32', 32) as tf.Tensor2D;
    const whitening = tf.randomNormal([positions, d, d], 0, 1, 'float32', 33) as tf.Tensor3D;
    const expected = mahalanobisDistances(features, mean, whitening);
    // The graph takes image-major features [n, P, d].
    const imageMajor = tf.transpose(features, [1, 0, 2]);
    const out = await evaluateGraph({ f: { data: imageMajor.dataSync() as Float32Array, dims: imageMajor.shape } }, (g, { f }) => ({
      y: { value: positionMahalanobisGraph(g, reshape(g, f!, [-1, positions, d]), mean.dataSync() as Float32Array, whitening.dataSync() as Float32Array, positions, d), rank: 2 },
    }));
    expect(out.y!.dims).toEqual([n, positions]);
    expect(maxAbsDifference(out.y!.data, expected.dataSync()) / Math.max(...Array.from(expected.dataSync()))).toBeLessThan(1e-5);
    tf.dispose([features, mean, whitening, expected, imageMajor]);
  });
});
