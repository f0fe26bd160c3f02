import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { asMaps, poolAndConcat, poolingId } from './pooling';

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

  it('GeM: (mean of x^p)^(1/p) per channel; p = 1 is the average; values below ε are clamped', () => {
    // Channel 0 holds 1, 2, 3, 4: (1 + 8 + 27 + 64)/4 = 25, and 25^(1/3). Channel 1 holds 0, 0, 0, 8: (512/4)^(1/3) = 128^(1/3).
    const map = tf.tensor4d([1, 0, 2, 0, 3, 0, 4, 8], [1, 2, 2, 2]);
    const gem = poolAndConcat([map], ['m'], { kind: 'gem', p: 3, normaliseLayers: false });
    const values = gem.dataSync();
    expect(values[0]).toBeCloseTo(25 ** (1 / 3), 5);
    expect(values[1]).toBeCloseTo(128 ** (1 / 3), 4);
    const one = poolAndConcat([map], ['m'], { kind: 'gem', p: 1, normaliseLayers: false });
    expect(one.dataSync()[0]).toBeCloseTo(2.5, 5);
    tf.dispose([map, gem, one]);
  });

  it('normalises each layer to unit L2 norm before joining when asked', () => {
    const a = tf.tensor2d([[3, 4]]);
    const b = tf.tensor4d([0, 5, 0, 12, 0, 5, 0, 12], [1, 2, 2, 2]); // average (0, 8.5)
    const pooled = poolAndConcat([a, b], ['a', 'b'], { kind: 'avg', p: 1, normaliseLayers: true });
    expect(Array.from(pooled.dataSync()).map((v) => Number(v.toFixed(6)))).toEqual([0.6, 0.8, 0, 1]);
    expect(poolingId({ kind: 'avg', p: 1, normaliseLayers: false })).toBe('');
    expect(poolingId({ kind: 'gem', p: 3, normaliseLayers: true })).not.toBe(poolingId({ kind: 'gem', p: 2, normaliseLayers: true }));
    tf.dispose([a, b, pooled]);
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
