import * as tf from '@tensorflow/tfjs';

/** How a coarser feature map is brought to a finer grid. */
export const GRID_RESIZES = ['bilinear', 'nearest'] as const;
export type GridResize = (typeof GRID_RESIZES)[number];

/** Each map [n, h, w, C] brought to grid×grid (half-pixel centres, as the maps' receptive fields are centred). */
export function resizeToGrid(maps: readonly tf.Tensor4D[], grid: number, resize: GridResize): tf.Tensor4D[] {
  return maps.map((m) => {
    if (m.shape[1] === grid && m.shape[2] === grid) return m;
    return resize === 'nearest' ? tf.image.resizeNearestNeighbor(m, [grid, grid], false, true) : tf.image.resizeBilinear(m, [grid, grid], false, true);
  });
}

/**
 * Local neighbourhood averaging of a map [n, h, w, C]: each position becomes the mean of the size×size window
 * around it (stride 1, same padding; windows cut by the border average only the positions inside). This widens
 * each feature's receptive field without moving to a deeper, more ImageNet-specific layer (PatchCore §3.1).
 */
export function localAverage(map: tf.Tensor4D, size: number): tf.Tensor4D {
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`localAverage: size must be a positive integer, got ${size}`);
  if (size === 1) return map.clone();
  return tf.avgPool(map, size, 1, 'same');
}

/** The side of the largest map, from each map's [height, width, …]: the grid that loses no position of the finest layer. */
export function finestGrid(sides: readonly (readonly [height: number, width: number, ...rest: number[]])[]): number {
  return Math.max(...sides.map(([height, width]) => Math.max(height, width)));
}

/** Layer maps → one map [n, grid, grid, ΣC]: each resized to the grid, then concatenated along channels in order. */
export function concatOnGrid(maps: readonly tf.Tensor4D[], grid: number, resize: GridResize): tf.Tensor4D {
  return tf.tidy(() => {
    const resized = resizeToGrid(maps, grid, resize);
    return resized.length === 1 ? (resized[0] as tf.Tensor4D).clone() : (tf.concat(resized, 3) as tf.Tensor4D);
  });
}
