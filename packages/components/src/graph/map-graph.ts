import type { GraphBuilder } from '@anomaly-zoo/core';
import { gaussianKernel1d } from '../gaussian-blur';
import type { MapScore } from '../feature-maps/anomaly-map';
import type { GridResize } from '../feature-maps/feature-grid';
import { floats, int64s, op, reduce, reshape } from './graph-ops';

/**
 * x [..., h, w] → [..., height, width] resized as tfjs resizes (alignCorners false, half-pixel centres), with ONNX's
 * Resize op: its cost grows with the output only, where a resize written as matrix products would grow with
 * input × output (a 900² image to 224² costs 1 GFLOP that way). Output row r of an input of n rows (scale n / m):
 *   bilinear (coordinate mode half_pixel): s = (r + ½)·n/m − ½, clamped to [0, n − 1] (ONNX Runtime clamps, as tfjs
 *     does), top = ⌊s⌋, bottom = min(top + 1, n − 1), and the row is (1 − (s − top))·x[top] + (s − top)·x[bottom];
 *   nearest (half_pixel, round_prefer_ceil): x[round(s)] with ties up, i.e. x[min(n − 1, ⌊(r + ½)·n/m⌋)], which is
 *     tf.image.resizeNearestNeighbor's rule (tf_half_pixel_for_nn says it directly, but ONNX Runtime warns it is deprecated).
 * The sizes are given, not scales, so the output has exactly height × width and the scale is the sizes' own ratio;
 * the leading dims (e.g. a symbolic batch) are read from x's shape at run time. The columns follow the same rules.
 */
export function resizeLastTwo(g: GraphBuilder, x: string, from: [number, number], to: [number, number], kind: GridResize): string {
  if (from[0] === to[0] && from[1] === to[1]) return x;
  const [shape] = g.node('Shape', [x]);
  const leading = op(g, 'Slice', [shape!, int64s(g, [0], 'starts'), int64s(g, [-2], 'ends')]);
  const sizes = op(g, 'Concat', [leading, int64s(g, to, 'resize_to')], { axis: { int: 0 } });
  const modes: Parameters<GraphBuilder['node']>[2] = kind === 'bilinear'
    ? { mode: { string: 'linear' }, coordinate_transformation_mode: { string: 'half_pixel' } }
    : { mode: { string: 'nearest' }, coordinate_transformation_mode: { string: 'half_pixel' }, nearest_mode: { string: 'round_prefer_ceil' } };
  return op(g, 'Resize', [x, '', '', sizes], modes);
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
export function mapScoresGraph(g: GraphBuilder, maps: string, pixels: number, mode: MapScore, topK: number): string {
  const flat = reshape(g, maps, [-1, pixels]);
  if (mode === 'max') return reduce(g, 'Max', flat, [1], false);
  const [values] = g.node('TopK', [flat, int64s(g, [Math.min(topK, pixels)], 'k')], { axis: { int: 1 } }, 2);
  return reduce(g, 'Mean', values as string, [1], false);
}
