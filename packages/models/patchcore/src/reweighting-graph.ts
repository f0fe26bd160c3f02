import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { floats, Matrix, op, reduce, scalar } from '@anomaly-zoo/components';
import { nearestNeighbours } from './nearest-neighbours';

/**
 * imageScores as a graph: the largest patch score s* of each image, reweighted by eq. 7 (see reweighting.ts) over
 * the k nearest bank members of its match m*. Which bank members those are depends on m* alone, so their table
 * [bank, k] is computed here once, by the same nearestNeighbours that scoring uses, and the graph gathers from it.
 * patchScores [N, P], patches [N, P, d], matches [N, P] (int64 bank rows).
 */
export function reweightedScoreGraph(
  g: GraphBuilder,
  parts: { patchScores: string; patches: string; matches: string; bank: Matrix; k: number; chunk: number },
): string {
  const { patchScores, patches, matches, bank, k } = parts;
  const nearest = reduce(g, 'Max', patchScores, [1], false);
  if (k <= 1) return nearest;
  const best = op(g, 'ArgMax', [patchScores], { axis: { int: 1 }, keepdims: { int: 1 }, select_last_index: { int: 0 } });
  const testRows = op(g, 'GatherND', [patches, best], { batch_dims: { int: 1 } });
  const matchOfBest = op(g, 'GatherND', [matches, best], { batch_dims: { int: 1 } });
  const support = op(g, 'Gather', [g.constant({ int64: supportTable(bank, k, parts.chunk), dims: [bank.rows, k] }, 'bank_support'), matchOfBest], { axis: { int: 0 } });
  const neighbours = op(g, 'Gather', [floats(g, bank.data, [bank.rows, bank.cols], 'bank'), support], { axis: { int: 0 } });
  const difference = op(g, 'Sub', [neighbours, op(g, 'Unsqueeze', [testRows, g.constant({ int64: [1], dims: [1] }, 'axes')])]);
  const distances = op(g, 'Sqrt', [reduce(g, 'Sum', op(g, 'Mul', [difference, difference]), [2], false)]);
  const shifted = op(g, 'Sub', [distances, op(g, 'Unsqueeze', [nearest, g.constant({ int64: [1], dims: [1] }, 'axes')])]);
  const sum = reduce(g, 'Sum', op(g, 'Exp', [shifted]), [1], false);
  const weight = op(g, 'Sub', [scalar(g, 1), op(g, 'Div', [scalar(g, 1), sum])]);
  return op(g, 'Mul', [weight, nearest]);
}

/** Row r: the k nearest bank rows of bank row r (ascending), as nearestNeighbours finds them for a match m* = r. */
function supportTable(bank: Matrix, k: number, chunk: number): number[] {
  return tf.tidy(() => {
    const rows = tf.tensor2d(bank.data, [bank.rows, bank.cols]);
    const found = nearestNeighbours(rows, rows, k, chunk);
    return Array.from(found.indices.dataSync());
  });
}
