import type { BatchOptions, BatchSource, ImageBatch, Preprocessing } from '@anomaly-zoo/core';
import { cutTiles, range, readPixels } from './cut-tiles';
import type { TileGrid } from './tile-grid';

/**
 * The tiles of a source's images as a source of their own: what a model fits on when a run is tiled. Every tile of
 * each image in grid order, or with `position` only the tile at that grid position (a per-position model of the
 * ensemble). A batch holds at most `batchSize` tiles, cut from as few whole images as fill it (at least one), so
 * memory holds one batch of whole images and one of tiles, never the set. Shuffling shuffles the images; the tiles
 * of one image stay together. Each tile carries its image's record. There are no `files`: a tile is not the
 * standard decode of a file.
 */
export class TiledBatchSource implements BatchSource {
  readonly size: number;
  readonly preprocessing: Preprocessing;
  private readonly positions: number[];

  constructor(private readonly images: BatchSource, private readonly grid: TileGrid, position?: number) {
    const { image, tile } = grid;
    const pre = images.preprocessing;
    if (pre.height !== image.height || pre.width !== image.width) {
      throw new Error(`tiled source: images are ${pre.height}×${pre.width}, the tile grid is for ${image.height}×${image.width}`);
    }
    if (position !== undefined && !(Number.isInteger(position) && position >= 0 && position < grid.origins.length)) {
      throw new Error(`tiled source: no tile position ${position} in a grid of ${grid.origins.length}`);
    }
    this.positions = position === undefined ? range(0, grid.origins.length) : [position];
    this.size = images.size * this.positions.length;
    this.preprocessing = { height: tile.height, width: tile.width, channels: pre.channels };
  }

  async *batches(options: BatchOptions): AsyncIterable<ImageBatch> {
    const k = this.grid.origins.length;
    const perImage = this.positions.length;
    const imagesPerBatch = Math.max(1, Math.floor(options.batchSize / perImage));
    const inner: BatchOptions = { batchSize: imagesPerBatch, ...(options.shuffleSeed === undefined ? {} : { shuffleSeed: options.shuffleSeed }) };
    for await (const batch of this.images.batches(inner)) {
      try {
        const pixels = await readPixels(batch.x, this.grid);
        const tiles = batch.records.flatMap((_, n) => this.positions.map((t) => n * k + t));
        for (let from = 0; from < tiles.length; from += options.batchSize) {
          const chosen = tiles.slice(from, from + options.batchSize);
          yield { x: cutTiles(pixels, this.grid, chosen), records: chosen.map((j) => batch.records[Math.floor(j / k)]!) };
        }
      } finally {
        batch.x.dispose();
      }
    }
  }
}
