import * as tf from '@tensorflow/tfjs';
import { cutTile, TileGrid } from './tile-grid';

/** A batch of whole images as one NHWC array, read once (a slice per tile on the backend costs far more than copying rows). */
export interface ImagePixels {
  values: Float32Array;
  count: number;
  channels: number;
}

export async function readPixels(images: tf.Tensor4D, grid: TileGrid): Promise<ImagePixels> {
  const [count, height, width, channels] = images.shape;
  if (height !== grid.image.height || width !== grid.image.width) {
    throw new Error(`tiles: images are ${height}×${width}, the tile grid is for ${grid.image.height}×${grid.image.width}`);
  }
  return { values: (await images.data()) as Float32Array, count, channels };
}

/**
 * Tiles `from` to `to` (exclusive) of a batch of whole images, counting image-major: tile j is tile j mod k of
 * image ⌊j / k⌋, k tiles per image. The caller disposes the result.
 */
export function cutTiles(pixels: ImagePixels, grid: TileGrid, from: number, to: number): tf.Tensor4D {
  const k = grid.origins.length;
  const { count, channels, values } = pixels;
  if (from < 0 || to > count * k || from >= to) throw new Error(`tiles: range ${from}–${to} outside 0–${count * k}`);
  const perImage = grid.image.height * grid.image.width * channels;
  const perTile = grid.tile.height * grid.tile.width * channels;
  const out = new Float32Array((to - from) * perTile);
  for (let j = from; j < to; j++) {
    const image = Math.floor(j / k);
    out.set(cutTile(grid, values.subarray(image * perImage, (image + 1) * perImage), j % k, channels), (j - from) * perTile);
  }
  return tf.tensor4d(out, [to - from, grid.tile.height, grid.tile.width, channels]);
}
