import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { asMaps, poolAndConcat } from './pooling';

describe('poolAndConcat', () => {
  it('averages maps over H and W, squeezes 1×1 maps, keeps vectors, and joins along features', () => {
    const map = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30, 40, 50, 60, 70, 80], [2, 2, 2, 2]);
    const point = tf.tensor4d([9, 8, 7, 6], [2, 1, 1, 2]);
    const vector = tf.tensor2d([[0.5], [1.5]]);
    const pooled = poolAndConcat([map, point, vector], ['a', 'b', 'c']);
    expect(pooled.shape).toEqual([2, 5]);
    expect(Array.from(pooled.dataSync())).toEqual([4, 5, 9, 8, 0.5, 40, 50, 7, 6, 1.5]);
    tf.dispose([map, point, vector, pooled]);
  });

  it('names the layer whose output has the wrong rank', () => {
    const odd = tf.zeros([2, 3, 4]);
    expect(() => poolAndConcat([odd], ['odd_layer'])).toThrow(UserError);
    expect(() => poolAndConcat([odd], ['odd_layer'])).toThrow(/odd_layer/);
    const vector = tf.zeros([2, 4]);
    expect(() => asMaps([vector], ['dense_1'])).toThrow(/dense_1.*not a spatial map/);
    tf.dispose([odd, vector]);
  });
});
