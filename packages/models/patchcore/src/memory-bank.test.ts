import * as tf from '@tensorflow/tfjs';
import { bankSize, gatherRows, selectBank } from './memory-bank';

describe('memory bank', () => {
  it('sizes the bank by ratio, at least 1, at most max_size', () => {
    expect(bankSize(1000, 0.01, 100)).toBe(10);
    expect(bankSize(1001, 0.01, 100)).toBe(11);
    expect(bankSize(10, 0.01, 100)).toBe(1);
    expect(bankSize(100000, 0.1, 500)).toBe(500);
    expect(bankSize(50, 1, 100)).toBe(50);
  });

  it('gathers global row indices across pieces as from their concatenation', () => {
    const pieces = [tf.tensor2d([[0, 0], [1, 1]]), tf.tensor2d([[2, 2]]), tf.tensor2d([[3, 3], [4, 4], [5, 5]])];
    const rows = gatherRows(pieces, [5, 0, 3, 2]);
    expect(rows.arraySync()).toEqual([[0, 0], [2, 2], [3, 3], [5, 5]]);
    tf.dispose([...pieces, rows]);
  });

  it('is deterministic for a seed and keeps the outlying rows of a tight cluster', () => {
    // 40 rows near the origin and 2 far outliers (rows 7 and 30): a 4-row coreset must hold both outliers.
    const values = Array.from({ length: 42 }, (_, i) => [Math.sin(i) * 0.1, Math.cos(3 * i) * 0.1, 0.05 * Math.sin(7 * i)]);
    values[7] = [50, 0, 0];
    values[30] = [0, -50, 0];
    const all = tf.tensor2d(values);
    const pieces = [tf.slice(all, [0, 0], [20, 3]) as tf.Tensor2D, tf.slice(all, [20, 0], [22, 3]) as tf.Tensor2D];
    const options = { ratio: 0.1, maxSize: 100, projectionDims: 2, seed: 4 };
    const first = selectBank(pieces, options).arraySync();
    expect(first).toHaveLength(5);
    expect(first).toContainEqual([50, 0, 0]);
    expect(first).toContainEqual([0, -50, 0]);
    expect(selectBank(pieces, options).arraySync()).toEqual(first);
    tf.dispose([all, ...pieces]);
  });
});
