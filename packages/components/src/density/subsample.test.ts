import * as tf from '@tensorflow/tfjs';
import { subsampleRows } from './subsample';

function rowsOf(t: tf.Tensor2D): number[] {
  // Row i of the source holds (i, −i), so the first column names the row.
  return Array.from(t.dataSync()).filter((_, i) => i % 2 === 0);
}

describe('subsampleRows', () => {
  const source = tf.tensor2d(Array.from({ length: 100 }, (_, i) => [i, -i]));
  afterAll(() => source.dispose());

  it('keeps maxRows distinct rows, intact and in their original order', () => {
    const sample = subsampleRows(source, 10, 3);
    const rows = rowsOf(sample);
    expect(rows).toHaveLength(10);
    expect(new Set(rows).size).toBe(10);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    const data = sample.dataSync();
    rows.forEach((r, i) => expect(data[2 * i + 1]).toBe(-r));
    sample.dispose();
  });

  it('is a function of the seed', () => {
    const [a, b, c] = [subsampleRows(source, 10, 3), subsampleRows(source, 10, 3), subsampleRows(source, 10, 4)];
    expect(rowsOf(a)).toEqual(rowsOf(b));
    expect(rowsOf(a)).not.toEqual(rowsOf(c));
    tf.dispose([a, b, c]);
  });

  it('copies when nothing is dropped', () => {
    const copy = subsampleRows(source, 100, 0);
    expect(copy).not.toBe(source);
    expect(Array.from(copy.dataSync())).toEqual(Array.from(source.dataSync()));
    copy.dispose();
  });
});
