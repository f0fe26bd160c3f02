import * as tf from '@tensorflow/tfjs';
import { nearestBankGraph, reshape } from '@anomaly-zoo/components';
import { evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { imageScores } from './image-score';
import { nearestNeighbours } from './nearest-neighbours';
import { reweightedScoreGraph } from './reweighting-graph';

describe('PatchCore scoring graph through ONNX Runtime', () => {
  it.each([1, 4])('nearest bank distances, matches and image scores (%i neighbours) equal the tfjs scoring', async (k) => {
    const [n, positions, d, bankSize] = [3, 6, 5, 40];
    const patches = tf.randomNormal([n * positions, d], 0, 1, 'float32', 41) as tf.Tensor2D;
    const bank = tf.randomNormal([bankSize, d], 0, 1, 'float32', 42) as tf.Tensor2D;
    // Small chunks, so the tfjs side merges several blocks as it does on a large bank.
    const nearest = nearestNeighbours(patches, bank, 1, 7);
    const patchScores = tf.reshape(nearest.distances, [n, positions]) as tf.Tensor2D;
    const matches = tf.reshape(nearest.indices, [-1]) as tf.Tensor1D;
    const expected = await imageScores(patchScores, patches, matches, bank, k, 7);
    const bankData = { data: bank.dataSync() as Float32Array, rows: bankSize, cols: d };
    const out = await evaluateGraph({ p: { data: patches.dataSync() as Float32Array, dims: patches.shape } }, (g, { p }) => {
      const found = nearestBankGraph(g, p!, bankData);
      const scores = reshape(g, found.distances, [-1, positions]);
      const score = reweightedScoreGraph(g, { patchScores: scores, patches: reshape(g, p!, [-1, positions, d]), matches: reshape(g, found.indices, [-1, positions]), bank: bankData, k, chunk: 7 });
      return { distances: { value: found.distances, rank: 1 }, score: { value: score, rank: 1 } };
    });
    expect(maxAbsDifference(out.distances!.data, nearest.distances.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDifference(out.score!.data, expected)).toBeLessThan(1e-5);
    if (k > 1) expect(maxAbsDifference(expected, tf.max(patchScores, 1).dataSync())).toBeGreaterThan(1e-3);
    tf.dispose([patches, bank, nearest.distances, nearest.indices, patchScores, matches]);
  });
});
