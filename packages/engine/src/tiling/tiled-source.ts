import type { BatchOptions, BatchSource, ImageBatch, Preprocessing } from '@anomaly-zoo/core';
import { cutTiles, readPixels } from './cut-tiles';
import type { TileGrid } from './tile-grid';

/**
 * The tiles of a source's images as a source of their own: what a model fits on when a run is tiled. A batch
 * holds at most `batchSize` tiles, cut from as few whole images as fill it (at least one), so memory holds one
 * batch of whole images and one of tiles, never the set. Shuffling shuffles the images; the tiles of one image
 * stay together in grid order. Each tile carries its image's record. There are no `files`: a tile is not the
 * standard decode of a file.
 */
export class TiledBatchSource implements BatchSource {
  readonly size: number;
  readonly preprocessing: Preprocessing;

  constructor(private readonly images: BatchSource, private readonly grid: TileGrid) {
    const { image, tile } = grid;
    const pre = images.preprocessing;
    if (pre.height !== image.height || pre.width !== image.width) {
      throw new Error(`tiled source: images are ${pre.height}×${pre.width}, the tile grid is for ${image.height}×${image.width}`);
    }
    this.size = images.size * grid.origins.length;
    this.preprocessing = { height: tile.height, width: tile.width, channels: pre.channels };
  }

  async *batches(options: BatchOptions): AsyncIterable<ImageBatch> {
    const k = this.grid.origins.length;
    const imagesPerBatch = Math.max(1, Math.floor(options.batchSize / k));
    const inner: BatchOptions = { batchSize: imagesPerBatch, ...(options.shuffleSeed === undefined ? {} : { shuffleSeed: options.shuffleSeed }) };
    for await (const batch of this.images.batches(inner)) {
      try {
        const pixels = await readPixels(batch.x, this.grid);
        const total = batch.records.length * k;
        for (let from = 0; from < total; from += options.batchSize) {
          const to = Math.min(total, from + options.batchSize);
          const records = Array.from({ length: to - from }, (_, i) => batch.records[Math.floor((from + i) / k)]!);
          yield { x: cutTiles(pixels, this.grid, from, to), records };
        }
      } finally {
        batch.x.dispose();
      }
    }
  }
}
