import type { GraphBuilder } from '@anomaly-zoo/core';
import { gaussianKernel1d } from '../gaussian-blur';
import type { GridResize } from '../feature-maps/feature-grid';
import { floats, int64s, op, reduce, reshape } from './graph-ops';

/**
 * Resizing as two matrix products, Y = R_h · X · R_wᵀ over the last two axes, with R built here by the very rules
 * tfjs resizes by (half-pixel centres, alignCorners false). That reproduces tfjs's resizeBilinear and
 * resizeNearestNeighbor exactly, where ONNX's Resize would have to be trusted to agree on every edge rule.
 *
 * Bilinear, output row r of an input of n rows (scale n / m): s = max(0, (r + ½)·n/m − ½), top = ⌊s⌋,
 * bottom = min(⌈s⌉, n − 1), and the row is (1 − (s − top))·x[top] + (s − top)·x[bottom].
 * Nearest: x[min(n − 1, ⌊(r + ½)·n/m⌋)].
 */
export function resizeMatrix(from: number, to: number, kind: GridResize): Float32Array {
  const matrix = new Float32Array(to * from);
  const scale = from / to;
  for (let r = 0; r < to; r++) {
    if (kind === 'nearest') {
      matrix[r * from + Math.min(from - 1, Math.floor((r + 0.5) * scale))] = 1;
      continue;
    }
    const source = Math.max(0, (r + 0.5) * scale - 0.5);
    const top = Math.floor(source);
    const bottom = Math.min(Math.ceil(source), from - 1);
    const lerp = source - top;
    matrix[r * from + top] = (matrix[r * from + top] as number) + (1 - lerp);
    matrix[r * from + bottom] = (matrix[r * from + bottom] as number) + lerp;
  }
  return matrix;
}

/** x [..., h, w] → [..., height, width] resized as tfjs does (see resizeMatrix). */
export function resizeLastTwo(g: GraphBuilder, x: string, from: [number, number], to: [number, number], kind: GridResize): string {
  const [h, w] = from;
  const [height, width] = to;
  let y = x;
  if (height !== h) y = op(g, 'MatMul', [floats(g, resizeMatrix(h, height, kind), [height, h], 'resize_rows'), y]);
  if (width !== w) y = op(g, 'MatMul', [y, floats(g, transposed(resizeMatrix(w, width, kind), width, w), [w, width], 'resize_cols')]);
  return y;
}

function transposed(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c] as number;
  return out;
}

/**
 * Gaussian smoothing of maps [N, C, H, W] as gaussianBlur does it: edge-replicating padding, then the 1-D kernel
 * along W and then along H, one channel at a time (a depthwise Conv with group C). σ ≤ 0 leaves x as it is.
 */
export function gaussianBlurGraph(g: GraphBuilder, x: string, channels: number, sigma: number, radius?: number): string {
  if (sigma <= 0) return x;
  const weights = gaussianKernel1d(sigma, radius);
  const pad = (weights.length - 1) / 2;
  const padded = op(g, 'Pad', [x, int64s(g, [0, 0, pad, pad, 0, 0, pad, pad], 'pads')], { mode: { string: 'edge' } });
  const tiled = new Float32Array(channels * weights.length);
  for (let c = 0; c < channels; c++) tiled.set(weights, c * weights.length);
  const along = (input: string, dims: number[], hint: string) =>
    op(g, 'Conv', [input, floats(g, tiled, dims, hint)], { group: { int: channels }, kernel_shape: { ints: dims.slice(2) } });
  const rows = along(padded, [channels, 1, 1, weights.length], 'blur_w');
  return along(rows, [channels, 1, weights.length, 1], 'blur_h');
}

/**
 * Patch scores [N, grid²] (row-major grid) → anomaly maps [N, height, width], as anomalyMaps: bilinear upsampling
 * with half-pixel centres, then Gaussian smoothing (σ in pixels).
 */
export function anomalyMapsGraph(g: GraphBuilder, distances: string, grid: number, height: number, width: number, sigma: number): string {
  const coarse = reshape(g, distances, [-1, 1, grid, grid]);
  const fine = resizeLastTwo(g, coarse, [grid, grid], [height, width], 'bilinear');
  return reshape(g, gaussianBlurGraph(g, fine, 1, sigma), [-1, height, width]);
}

/** Maps [N, H, W] → one score each, as mapScores: the maximum, or the mean of the `topK` largest pixels. */
export function mapScoresGraph(g: GraphBuilder, maps: string, pixels: number, mode: 'max' | 'top_k_mean', topK: number): string {
  const flat = reshape(g, maps, [-1, pixels]);
  if (mode === 'max') return reduce(g, 'Max', flat, [1], false);
  const [values] = g.node('TopK', [flat, int64s(g, [Math.min(topK, pixels)], 'k')], { axis: { int: 1 } }, 2);
  return reduce(g, 'Mean', values as string, [1], false);
}
