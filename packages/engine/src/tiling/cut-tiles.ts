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
 * The tiles at flat indices `tiles` of a batch of whole images, counting image-major: tile j is tile j mod k of
 * image ⌊j / k⌋, k tiles per image. The caller disposes the result.
 */
export function cutTiles(pixels: ImagePixels, grid: TileGrid, tiles: readonly number[]): tf.Tensor4D {
  const k = grid.origins.length;
  const { count, channels, values } = pixels;
  if (tiles.length === 0 || tiles.some((j) => !Number.isInteger(j) || j < 0 || j >= count * k)) throw new Error(`tiles: an index outside 0–${count * k - 1}`);
  const perImage = grid.image.height * grid.image.width * channels;
  const perTile = grid.tile.height * grid.tile.width * channels;
  const out = new Float32Array(tiles.length * perTile);
  tiles.forEach((j, i) => {
    const image = Math.floor(j / k);
    out.set(cutTile(grid, values.subarray(image * perImage, (image + 1) * perImage), j % k, channels), i * perTile);
  });
  return tf.tensor4d(out, [tiles.length, grid.tile.height, grid.tile.width, channels]);
}

/** from, from + 1, …, to − 1. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
