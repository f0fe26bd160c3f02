import * as tf from '@tensorflow/tfjs';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { concatOnGrid, localAverage } from '../feature-maps/feature-grid';
import { batchMomentsGraph, concatOnGridGraph, gatherLastAxis, GraphMap, localAverageGraph } from './feature-graph';

const data = (t: tf.Tensor) => ({ data: t.dataSync() as Float32Array, dims: t.shape });
const mapOf = (name: string, t: tf.Tensor4D): GraphMap => ({ name, shape: [t.shape[1], t.shape[2], t.shape[3]] });

describe('feature graph pieces through ONNX Runtime against tfjs', () => {
  const fine = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
  const coarse = tf.relu(tf.randomNormal([2, 3, 3, 5], 0, 1, 'float32', 22)) as tf.Tensor4D;
  afterAll(() => tf.dispose([fine, coarse]));

  it.each(['bilinear', 'nearest'] as const)('joins layer maps on a grid (%s) and gathers channels, as concatOnGrid and tf.gather', async (resize) => {
    const expected = tf.gather(concatOnGrid([fine, coarse], 6, resize), [0, 2, 3, 7], 3);
    const out = await evaluateGraph({ a: data(fine), b: data(coarse) }, (g, { a, b }) => ({
      y: { value: gatherLastAxis(g, concatOnGridGraph(g, [mapOf(a!, fine), mapOf(b!, coarse)], 6, resize), [0, 2, 3, 7], 4), rank: 4 },
    }));
    expect(out.y!.dims).toEqual([2, 6, 6, 4]);
    expect(maxAbsDifference(out.y!.data, expected.dataSync())).toBeLessThan(1e-5);
    expected.dispose();
  });

  it.each([2, 3])('averages size-%i neighbourhoods as localAverage', async (size) => {
    const expected = localAverage(fine, size);
    const out = await evaluateGraph({ a: data(fine) }, (g, { a }) => ({ y: { value: localAverageGraph(g, mapOf(a!, fine), size).name, rank: 4 } }));
    expect(maxAbsDifference(out.y!.data, expected.dataSync())).toBeLessThan(1e-5);
    expected.dispose();
  });

  it('takes a batch\'s per-position mean and scatter Σ(x − x̄)(x − x̄)ᵀ', async () => {
    // Position 0 of 3 images, 2 features: (1, 2), (3, 2), (5, 8) → mean (3, 4); deviations (−2, −2), (0, −2),
    // (2, 4) → scatter [[8, 12], [12, 24]]. Position 1 is position 0 plus 100 (same scatter, mean + 100).
    const features = tf.tensor3d([1, 2, 101, 102, 3, 2, 103, 102, 5, 8, 105, 108], [3, 2, 2]);
    const out = await evaluateGraph({ x: data(features) }, (g, { x }) => {
      const { mean, scatter } = batchMomentsGraph(g, x!);
      return { mean: { value: mean, rank: 3 }, scatter: { value: scatter, rank: 3 } };
    });
    expect(out.mean!.dims).toEqual([2, 1, 2]);
    expect(Array.from(out.mean!.data)).toEqual([3, 4, 103, 104]);
    expect(out.scatter!.dims).toEqual([2, 2, 2]);
    expect(maxAbsDifference(out.scatter!.data, [8, 12, 12, 24, 8, 12, 12, 24])).toBeLessThan(1e-4);
    features.dispose();
  });
});
