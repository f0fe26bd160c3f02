import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { concatOnGrid, finestGrid, localAverage } from '@anomaly-zoo/components';
import type { FeatureExtractor, GridResize } from '@anomaly-zoo/components';

/** How backbone maps become one feature row per patch; fixed at fit time and saved. */
export interface PatchLayout {
  /** Side of the patch grid: the finest layer map's. */
  grid: number;
  aggregation: number;
  resize: GridResize;
  /** Channels of each layer, in layer order. */
  layerChannels: number[];
}

export function planPatchLayout(maps: tf.Tensor4D[], aggregation: number, resize: GridResize): PatchLayout {
  return { grid: finestGrid(maps.map((m) => [m.shape[1], m.shape[2]])), aggregation, resize, layerChannels: maps.map((m) => m.shape[3]) };
}

/**
 * Locally aware patch features (PatchCore §3.1): each layer map averaged over its aggregation×aggregation
 * neighbourhood, the deeper maps upsampled to the grid, all concatenated → rows [n·grid², ΣC], image-major, then
 * row-major over the grid.
 */
export function patchFeatures(maps: tf.Tensor4D[], layout: PatchLayout): tf.Tensor2D {
  const got = maps.map((m) => m.shape[3]);
  if (got.join() !== layout.layerChannels.join()) {
    throw new UserError(`backbone layers give [${got}] channels, but this model was fitted on [${layout.layerChannels}]`);
  }
  return tf.tidy(() => {
    const averaged = maps.map((m) => localAverage(m, layout.aggregation));
    const joined = concatOnGrid(averaged, layout.grid, layout.resize);
    return tf.reshape(joined, [-1, joined.shape[3]]) as tf.Tensor2D;
  });
}

/** Images [n, H, W, c] in [0, 1] → patch rows [n·grid², ΣC] through the backbone. */
export async function extractPatches(extractor: FeatureExtractor, x: tf.Tensor4D, layout: PatchLayout): Promise<tf.Tensor2D> {
  return extractor.withSpatialAsync(x, (maps) => patchFeatures(maps, layout));
}
