import * as tf from '@tensorflow/tfjs';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { concatOnGrid, localAverage } from '../feature-maps/feature-grid';
import { concatOnGridGraph, gatherLastAxis, GraphMap, localAverageGraph } from './feature-graph';

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
});
