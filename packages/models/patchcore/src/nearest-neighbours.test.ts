import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';
import { nearestNeighbours } from './nearest-neighbours';

function randomRows(rows: number, dims: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: dims }, () => rng.normal()));
}

/** For each query, all bank distances in float64, sorted ascending with their indices. */
function bruteForce(queries: number[][], bank: number[][]): { distance: number; index: number }[][] {
  return queries.map((q) => bank
    .map((b, index) => ({ distance: Math.sqrt(b.reduce((sum, v, j) => sum + (v - (q[j] as number)) ** 2, 0)), index }))
    .sort((a, b) => a.distance - b.distance));
}

describe('nearestNeighbours', () => {
  const queries = randomRows(37, 6, 1);
  const bank = randomRows(23, 6, 2);
  const expected = bruteForce(queries, bank);

  it.each([
    [1, 4], [1, 5], [1, 100], [3, 4], [3, 7], [3, 100], [23, 5],
  ])('equals brute force for k = %i with chunks of %i rows', (k, chunk) => {
    const q = tf.tensor2d(queries);
    const b = tf.tensor2d(bank);
    const before = tf.memory().numTensors;
    const got = nearestNeighbours(q, b, k, chunk);
    expect(got.distances.shape).toEqual([37, k]);
    const distances = got.distances.arraySync();
    const indices = got.indices.arraySync();
    expected.forEach((row, i) => {
      for (let j = 0; j < k; j++) {
        expect(distances[i]?.[j]).toBeCloseTo((row[j] as { distance: number }).distance, 4);
        expect(indices[i]?.[j]).toBe((row[j] as { index: number }).index);
      }
    });
    tf.dispose([got.distances, got.indices]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, b]);
  });

  it('finds a bank row itself at distance 0', () => {
    const b = tf.tensor2d(bank);
    const q = tf.slice(b, [5, 0], [1, -1]);
    const got = nearestNeighbours(q, b, 1, 8);
    expect(got.indices.arraySync()).toEqual([[5]]);
    expect(got.distances.arraySync()[0]?.[0]).toBeCloseTo(0, 2);
    tf.dispose([b, q, got.distances, got.indices]);
  });
});
