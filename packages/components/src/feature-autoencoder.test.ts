import * as tf from '@tensorflow/tfjs';
import { ErrorStandardisation, featureError, featureStack, gridMapToImage } from './feature-autoencoder';

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

describe('featureError and gridMapToImage', () => {
  it('is the channel mean of the squared feature error, spread over the image pixels of each cell', () => {
    // 2×2 grid, 2 channels; only the top-left cell differs: (1 − 0)² and (3 − 1)² → mean 2.5.
    const features = tf.tensor4d([1, 3, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
    const reconstruction = tf.tensor4d([0, 1, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
    const grid = featureError(features, reconstruction);
    expect(Array.from(grid.dataSync())).toEqual([2.5, 0, 0, 0]);
    const map = gridMapToImage(grid, 4, 4);
    expect(map.shape).toEqual([1, 4, 4, 1]);
    const values = map.dataSync<'float32'>();
    // With half-pixel centres pixel (0,0) lies in the cell's corner region: the full 2.5; pixel (3,3) is 0.
    expect(values[0]).toBeCloseTo(2.5, 6);
    expect(values[15]).toBeCloseTo(0, 6);
    // Bilinear resizing keeps the mean: 2.5 / 4 cells.
    expect(values.reduce((a, b) => a + b, 0) / 16).toBeCloseTo(2.5 / 4, 6);
    tf.dispose([features, reconstruction, grid, map]);
  });
});

describe('ErrorStandardisation', () => {
  it('is (e − μ) / (σ + σ̄) per position, by hand', () => {
    // Two positions over three training maps: position 0 takes 1, 2, 3 (μ 2, σ √(2/3)); position 1 always 5 (μ 5, σ 0).
    const stats = ErrorStandardisation.fit([Float32Array.of(1, 5), Float32Array.of(2, 5), Float32Array.of(3, 5)], [1, 2]);
    const sd = Math.sqrt(2 / 3);
    const meanSd = sd / 2;
    const map = tf.tensor4d([4, 6], [1, 1, 2, 1]);
    const z = stats.apply(map).dataSync();
    expect(z[0]).toBeCloseTo((4 - 2) / (sd + meanSd), 5);
    expect(z[1]).toBeCloseTo((6 - 5) / meanSd, 5);
    const restored = JSON.parse(JSON.stringify(stats.toJSON()));
    expect(restored.mean).toEqual([2, 5]);
    tf.dispose(map);
  });

  it('refuses a map of another grid and fewer than two training maps', () => {
    const stats = ErrorStandardisation.fit([Float32Array.of(1), Float32Array.of(2)], [1, 1]);
    const wrong = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => stats.apply(wrong)).toThrow('fitted on a 1×1 grid, got 2×2');
    expect(() => ErrorStandardisation.fit([Float32Array.of(1)], [1, 1])).toThrow('at least 2 training images');
    wrong.dispose();
  });
});
