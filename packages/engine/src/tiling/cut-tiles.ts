import * as tf from '@tensorflow/tfjs';
import type { TileGrid } from './tile-grid';

/**
 * Tiles `from` to `to` (exclusive) of a batch of whole images, counting image-major: tile j is tile j mod k of
 * image ⌊j / k⌋, k tiles per image. The caller disposes the result; `images` is left as it was.
 */
export function cutTiles(images: tf.Tensor4D, grid: TileGrid, from: number, to: number): tf.Tensor4D {
  const [count, height, width, channels] = images.shape;
  if (height !== grid.image.height || width !== grid.image.width) {
    throw new Error(`tiles: images are ${height}×${width}, the tile grid is for ${grid.image.height}×${grid.image.width}`);
  }
  const k = grid.origins.length;
  if (from < 0 || to > count * k || from >= to) throw new Error(`tiles: range ${from}–${to} outside 0–${count * k}`);
  return tf.tidy(() => {
    const tiles: tf.Tensor4D[] = [];
    for (let j = from; j < to; j++) {
      const { y, x } = grid.origins[j % k]!;
      tiles.push(images.slice([Math.floor(j / k), y, x, 0], [1, grid.tile.height, grid.tile.width, channels]));
    }
    return tiles.length === 1 ? tiles[0]!.clone() : tf.concat4d(tiles, 0);
  });
}
