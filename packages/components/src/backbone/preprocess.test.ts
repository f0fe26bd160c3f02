import * as tf from '@tensorflow/tfjs';
import { resizeImages, toRange } from './preprocess';

describe('resizeImages', () => {
  it('resizes any size to the square input, keeps a matching size untouched', () => {
    const x = tf.randomUniform([2, 30, 50, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = resizeImages(x, 16);
    expect(y.shape).toEqual([2, 16, 16, 3]);
    const same = resizeImages(y, 16);
    expect(Array.from(same.dataSync())).toEqual(Array.from(y.dataSync()));
    tf.dispose([x, y, same]);
  });

  it('keeps a constant image constant and repeats grey into RGB', () => {
    const grey = tf.fill([1, 7, 9, 1], 0.25) as tf.Tensor4D;
    const y = resizeImages(grey, 12);
    expect(y.shape).toEqual([1, 12, 12, 3]);
    for (const v of y.dataSync()) expect(v).toBeCloseTo(0.25, 6);
    tf.dispose([grey, y]);
  });

  it('rejects tensors that are not NHWC with 1 or 3 channels', () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    expect(() => resizeImages(x, 4)).toThrow(/channels/);
    x.dispose();
  });
});

describe('toRange', () => {
  it('maps [0,1] linearly to the network range', () => {
    const x = tf.tensor4d([0, 0.5, 1], [1, 1, 3, 1]);
    const y = toRange(x, [-1, 1]);
    expect(Array.from(y.dataSync())).toEqual([-1, 0, 1]);
    tf.dispose([x, y]);
  });
});
