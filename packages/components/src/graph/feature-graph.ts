import type { GraphBuilder } from '@anomaly-zoo/core';
import type { GridResize } from '../feature-maps/feature-grid';
import { floats, op, reduce, scalar, toNchw, toNhwc, transpose } from './graph-ops';
import { columnsAndRowNorms, Matrix } from './density-graph';
import { resizeLastTwo } from './map-graph';

/** A backbone layer's map in a graph: NHWC [N, height, width, channels], its per-image shape known. */
export interface GraphMap {
  name: string;
  shape: [height: number, width: number, channels: number];
}

/** As concatOnGrid: each map resized to grid × grid (tfjs's half-pixel rules), joined along channels → NHWC [N, grid, grid, ΣC]. */
export function concatOnGridGraph(g: GraphBuilder, maps: readonly GraphMap[], grid: number, resize: GridResize): string {
  const resized = maps.map((m) => resizeLastTwo(g, toNchw(g, m.name), [m.shape[0], m.shape[1]], [grid, grid], resize));
  const joined = resized.length === 1 ? (resized[0] as string) : op(g, 'Concat', resized, { axis: { int: 1 } });
  return toNhwc(g, joined);
}

/** As localAverage: the mean of each size × size window (stride 1, same padding, windows cut by the border average what is inside). */
export function localAverageGraph(g: GraphBuilder, map: GraphMap, size: number): GraphMap {
  if (size === 1) return map;
  const total = size - 1;
  const [begin, end] = [Math.floor(total / 2), total - Math.floor(total / 2)];
  const pooled = op(g, 'AveragePool', [toNchw(g, map.name)], {
    kernel_shape: { ints: [size, size] },
    strides: { ints: [1, 1] },
    pads: { ints: [begin, begin, end, end] },
    count_include_pad: { int: 0 },
  });
  return { name: toNhwc(g, pooled), shape: map.shape };
}

/** x [..., C] → the channels `indices` (ascending) of its last axis. */
export function gatherLastAxis(g: GraphBuilder, x: string, indices: readonly number[], rank: number): string {
  return op(g, 'Gather', [x, g.constant({ int64: indices, dims: [indices.length] }, 'channels')], { axis: { int: rank - 1 } });
}

/**
 * Per-position Mahalanobis distances, as padim's mahalanobisDistances: features [N, P, d], mean [P, d], whitening W
 * [P, d, d] (Σ⁻¹ = Wᵀ·W) → [N, P], ‖W·(x − μ)‖ at each position, one batched MatMul over the positions.
 */
export function positionMahalanobisGraph(g: GraphBuilder, features: string, mean: Float32Array, whitening: Float32Array, positions: number, d: number): string {
  const centred = op(g, 'Sub', [transpose(g, features, [1, 0, 2]), floats(g, mean, [positions, 1, d], 'position_mean')]);
  // (x − μ)·Wᵀ: the transposed whitening per position, laid out once here.
  const transposed = new Float32Array(whitening.length);
  for (let p = 0; p < positions; p++) {
    const base = p * d * d;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) transposed[base + j * d + i] = whitening[base + i * d + j] as number;
  }
  const whitened = op(g, 'MatMul', [centred, floats(g, transposed, [positions, d, d], 'position_whitening_t')]);
  const distances = op(g, 'Sqrt', [reduce(g, 'Sum', op(g, 'Mul', [whitened, whitened]), [2], false)]);
  return transpose(g, distances, [1, 0]);
}

/**
 * A batch's per-position moments, for RunningMoments.addMoments: features [N, P, d] → mean [P, 1, d] and scatter
 * [P, d, d] = Σₙ (xₙ − mean)(xₙ − mean)ᵀ at each position, one batched MatMul over the positions.
 */
export function batchMomentsGraph(g: GraphBuilder, features: string): { mean: string; scatter: string } {
  const byPosition = transpose(g, features, [1, 0, 2]);
  const mean = reduce(g, 'Mean', byPosition, [1], true);
  const centred = op(g, 'Sub', [byPosition, mean]);
  return { mean, scatter: op(g, 'MatMul', [transpose(g, centred, [0, 2, 1]), centred]) };
}

/**
 * Each query row's nearest bank row, as nearestNeighbours with k = 1: squared distances max(‖q‖² + ‖b‖² − 2·q·b, 0)
 * from one MatMul, their minimum (its square root is the distance) and its first index. queries [M, d], bank [B, d].
 */
export function nearestBankGraph(g: GraphBuilder, queries: string, bank: Matrix): { distances: string; indices: string } {
  const { columns, squaredNorms: norms } = columnsAndRowNorms(bank);
  const queryNorms = reduce(g, 'Sum', op(g, 'Mul', [queries, queries]), [1], true);
  const products = op(g, 'MatMul', [queries, floats(g, columns, [bank.cols, bank.rows], 'bank_t')]);
  const squared = op(g, 'Relu', [op(g, 'Sub', [op(g, 'Add', [queryNorms, floats(g, norms, [1, bank.rows], 'bank_norms')]), op(g, 'Mul', [scalar(g, 2), products])])]);
  return {
    distances: op(g, 'Sqrt', [reduce(g, 'Min', squared, [1], false)]),
    indices: op(g, 'ArgMin', [squared], { axis: { int: 1 }, keepdims: { int: 0 }, select_last_index: { int: 0 } }),
  };
}

