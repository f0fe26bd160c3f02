import * as tf from '@tensorflow/tfjs';
import { anomalyMaps, mapsToArrays, mapScores } from './anomaly-map';

describe('anomalyMaps and mapScores', () => {
  it('upsamples a constant grid to a constant map of the input size', () => {
    const distances = tf.fill([1, 4], 2.5) as tf.Tensor2D;
    const maps = anomalyMaps(distances, 2, 8, 6, 1);
    expect(maps.shape).toEqual([1, 8, 6]);
    Array.from(maps.dataSync()).forEach((v) => expect(v).toBeCloseTo(2.5, 5));
    tf.dispose([distances, maps]);
  });

  it('scores by the maximum or the mean of the top k pixels', () => {
    const maps = tf.tensor3d([1, 9, 3, 7, 0, 0, 0, 4], [2, 2, 2]);
    expect(Array.from(mapScores(maps, 'max', 1).dataSync())).toEqual([9, 4]);
    expect(Array.from(mapScores(maps, 'top_k_mean', 2).dataSync())).toEqual([8, 2]);
    expect(Array.from(mapScores(maps, 'top_k_mean', 10).dataSync())).toEqual([5, 1]);
    maps.dispose();
  });

  it('splits maps into one row-major array per image', async () => {
    const maps = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect((await mapsToArrays(maps)).map((m) => Array.from(m))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    maps.dispose();
  });
});
