import * as tf from '@tensorflow/tfjs';
import { createRng, GraphBuilder, UserError } from '@anomaly-zoo/core';
import { concatOnGrid, concatOnGridGraph, finestGrid, gatherLastAxis, reshape } from '@anomaly-zoo/components';
import type { FeatureExtractor, GraphMap, GridResize } from '@anomaly-zoo/components';

/** How backbone maps become one feature vector per grid position; fixed at fit time and saved. */
export interface FeatureLayout {
  /** Side of the square grid every layer map is resized to. */
  grid: number;
  resize: GridResize;
  /** Channels of each layer, in layer order (their concatenation is indexed by `channels`). */
  layerChannels: number[];
  /** Kept channel indices into the concatenation, ascending. */
  channels: number[];
}

/** A layer map's per-image shape. */
export type MapShape = readonly [height: number, width: number, channels: number];

export interface LayoutOptions {
  grid?: number;
  resize: GridResize;
  dims: number;
  seed: number;
}

/** The layout for the layer maps' shapes: grid (given, else the largest map side) and a seeded channel subset. */
export function planLayout(shapes: readonly MapShape[], options: LayoutOptions): FeatureLayout {
  const layerChannels = shapes.map((s) => s[2]);
  const total = layerChannels.reduce((a, b) => a + b, 0);
  if (options.dims > total) throw new UserError(`model.dims: ${options.dims}, but the layers give only ${total} channels`);
  const all = Array.from({ length: total }, (_, i) => i);
  const channels = options.dims === 0 || options.dims === total ? all : createRng(options.seed).shuffled(all).slice(0, options.dims).sort((a, b) => a - b);
  const grid = options.grid ?? finestGrid(shapes);
  return { grid, resize: options.resize, layerChannels, channels };
}

/**
 * Layer maps [n, h, w, C] → position-major features [grid², n, d]: each map resized to grid×grid, the maps
 * concatenated along channels, the kept channels gathered.
 */
export function layoutFeatures(maps: tf.Tensor4D[], layout: FeatureLayout): tf.Tensor3D {
  const got = maps.map((m) => m.shape[3]);
  if (got.join() !== layout.layerChannels.join()) {
    throw new UserError(`backbone layers give [${got}] channels, but this model was fitted on [${layout.layerChannels}]`);
  }
  return tf.tidy(() => {
    const { grid } = layout;
    const joined = concatOnGrid(maps, grid, layout.resize);
    const total = layout.layerChannels.reduce((a, b) => a + b, 0);
    const kept = layout.channels.length === total ? joined : tf.gather(joined, layout.channels, 3);
    const n = joined.shape[0];
    return tf.transpose(tf.reshape(kept, [n, grid * grid, layout.channels.length]), [1, 0, 2]) as tf.Tensor3D;
  });
}

/** layoutFeatures in a graph, image-major: the backbone's maps → features [N, grid², d]. */
export function layoutFeaturesGraph(g: GraphBuilder, maps: readonly GraphMap[], layout: FeatureLayout): string {
  const joined = concatOnGridGraph(g, maps, layout.grid, layout.resize);
  const total = layout.layerChannels.reduce((a, b) => a + b, 0);
  const kept = layout.channels.length === total ? joined : gatherLastAxis(g, joined, layout.channels, 4);
  return reshape(g, kept, [-1, layout.grid * layout.grid, layout.channels.length]);
}

/** Images [n, H, W, c] in [0, 1] → features [grid², n, d] through the backbone. */
export async function extractFeatures(extractor: FeatureExtractor, x: tf.Tensor4D, layout: FeatureLayout): Promise<tf.Tensor3D> {
  return extractor.withSpatialAsync(x, (maps) => layoutFeatures(maps, layout));
}
