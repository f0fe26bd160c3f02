import { JsonSchema, Preprocessing, UserError } from '@anomaly-zoo/core';
// Type-only: the saved model's loader (the browser bundle included) reads this file, and the run config's schema
// pulls in every dataset reader.
import type { RunConfig } from '../config/schema';
import { Size, sizeOf, TILE_REDUCTIONS, TileGrid, tileGrid, TileReduction } from './tile-grid';

/** A run's tiling with every default filled in; saved as is in a tiled model's anomaly-zoo.json. */
export interface Tiling {
  /** Every image is resized to this before it is cut; maps come back at this size. */
  resize: Size;
  /** The models' input. */
  tile: Size;
  stride: Size;
  reduction: TileReduction;
  /** One model per tile position instead of one for all; absent in models saved without it. */
  ensemble?: boolean;
}

/**
 * The run's tiling, or undefined when it scores whole images. The tile is data.image_size unless
 * data.tiling.tile_size says otherwise, the stride is the tile (no overlap) unless set. Throws one line naming
 * `source` and the key when the tiles do not fit the image or would leave gaps.
 */
export function tilingOf(config: RunConfig, source = 'config'): Tiling | undefined {
  const t = config.data.tiling;
  if (!t) return undefined;
  const resize = sizeOf(t.resize_to);
  const tile = sizeOf(t.tile_size ?? config.data.image_size);
  const stride = t.stride === undefined ? tile : sizeOf(t.stride);
  const tileKey = t.tile_size === undefined ? 'data.image_size (the tile size when data.tiling.tile_size is absent)' : 'data.tiling.tile_size';
  if (tile.height > resize.height || tile.width > resize.width) {
    throw new UserError(`${source}: ${tileKey}: ${describe(tile)} does not fit in data.tiling.resize_to ${describe(resize)}`);
  }
  if (stride.height > tile.height || stride.width > tile.width) {
    throw new UserError(`${source}: data.tiling.stride: ${describe(stride)} is larger than the tile ${describe(tile)} (tiles would leave gaps)`);
  }
  return { resize, tile, stride, reduction: t.reduction, ...(t.ensemble ? { ensemble: true } : {}) };
}

export function gridOf(tiling: Tiling): TileGrid {
  return tileGrid(tiling.resize, tiling.tile, tiling.stride);
}

/** What the data is decoded at: the whole resized image. */
export function imagePreprocessing(tiling: Tiling, channels: Preprocessing['channels']): Preprocessing {
  return { ...tiling.resize, channels };
}

/** What the model sees: one tile. */
export function tilePreprocessing(tiling: Tiling, channels: Preprocessing['channels']): Preprocessing {
  return { ...tiling.tile, channels };
}

/** Bounds a saved tiling before anything is allocated from it (the sizes a config allows). */
const side = { type: 'integer', minimum: 1, maximum: 4096 } as const;
const sizeJson: JsonSchema = { type: 'object', required: ['height', 'width'], properties: { height: side, width: side } };
export const savedTilingSchema: JsonSchema = {
  type: 'object',
  required: ['resize', 'tile', 'stride', 'reduction'],
  properties: { resize: sizeJson, tile: sizeJson, stride: sizeJson, reduction: { enum: [...TILE_REDUCTIONS] }, ensemble: { type: 'boolean' } },
};

/** The tiling of a saved model, checked as tilingOf checks a config's, and against the images it cuts: one line naming `file` otherwise. */
export function checkSavedTiling(tiling: Tiling, file: string, images: Preprocessing): Tiling {
  const { resize, tile, stride } = tiling;
  if (resize.height !== images.height || resize.width !== images.width) {
    throw new UserError(`${file}: tiling.resize: ${describe(resize)} is not the preprocessing's ${describe(images)}`);
  }
  if (tile.height > resize.height || tile.width > resize.width) throw new UserError(`${file}: tiling.tile: ${describe(tile)} does not fit in tiling.resize ${describe(resize)}`);
  if (stride.height > tile.height || stride.width > tile.width) throw new UserError(`${file}: tiling.stride: ${describe(stride)} is larger than tiling.tile ${describe(tile)}`);
  return tiling;
}

function describe(size: Size): string {
  return `${size.height}×${size.width}`;
}
