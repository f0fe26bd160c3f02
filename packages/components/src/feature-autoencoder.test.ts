import * as tf from '@tensorflow/tfjs';
import { featureErrorMap, featureStack } from './feature-autoencoder';

describe('featureStack', () => {
  it('upsamples coarser maps to the finest grid and concatenates them in layer order', () => {
    const fine = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const coarse = tf.tensor4d([7, 9], [1, 1, 1, 2]); // one cell: constant once upsampled
    const stack = featureStack([fine, coarse]);
    expect(stack.shape).toEqual([1, 2, 2, 3]);
    expect(Array.from(stack.dataSync())).toEqual([1, 7, 9, 2, 7, 9, 3, 7, 9, 4, 7, 9]);
    tf.dispose([fine, coarse, stack]);
  });
});

describe('featureErrorMap', () => {
  it('is the channel mean of the squared feature error, spread over the image pixels of each cell', () => {
    // 2×2 grid, 2 channels; only the top-left cell differs: (1 − 0)² and (3 − 1)² → mean 2.5.
    const features = tf.tensor4d([1, 3, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
    const reconstruction = tf.tensor4d([0, 1, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
    const map = featureErrorMap(features, reconstruction, 4, 4);
    expect(map.shape).toEqual([1, 4, 4, 1]);
    const values = map.dataSync();
    // With half-pixel centres pixel (0,0) lies in the cell's corner region: the full 2.5; pixel (3,3) is 0.
    expect(values[0]).toBeCloseTo(2.5, 6);
    expect(values[15]).toBeCloseTo(0, 6);
    // Bilinear resizing keeps the mean: 2.5 / 4 cells.
    expect(values.reduce((a, b) => a + b, 0) / 16).toBeCloseTo(2.5 / 4, 6);
    tf.dispose([features, reconstruction, map]);
  });
});
