import type * as tf from '@tensorflow/tfjs';
import type { AnomalyModel, BatchSource, ModelContext, ScoreOptions, ScoreResult, SinglePassModel } from '@anomaly-zoo/core';
import { cutTiles, readPixels } from './cut-tiles';
import { coverCounts, reduceTileScores, TileGrid, TileReduction, TileStitcher } from './tile-grid';
import { TiledBatchSource } from './tiled-source';

/** Tiles scored at once when the caller does not say. */
export const DEFAULT_TILE_BATCH = 32;

/**
 * A model of whole images made of a model of tiles. `score` takes images at the grid's full size, scores their
 * tiles `tileBatch` at a time (memory holds one such batch and one accumulating map per image, never every tile),
 * and gives per image:
 *   - the score: the reduction (max: the worst tile decides, so one small defect flags the image; mean) of its
 *     tiles' scores;
 *   - the map and the reconstruction: its tiles' stitched back, averaged where tiles overlap (tile-grid.ts);
 *   - each named part: reduced like the score.
 * Saving saves the tile model; the tiling itself goes into the manifest beside it.
 */
export class TiledModel implements SinglePassModel {
  readonly training = 'single-pass';
  private readonly counts: Uint16Array;

  constructor(
    readonly inner: AnomalyModel,
    private readonly grid: TileGrid,
    private readonly reduction: TileReduction,
    private readonly tileBatch = DEFAULT_TILE_BATCH,
  ) {
    this.counts = coverCounts(grid);
  }

  /** Fits a single-pass tile model on the tiles of `train`; gradient tile models are trained by the engine's loop on a TiledBatchSource. */
  async fit(train: BatchSource, ctx: ModelContext): Promise<void> {
    if (this.inner.training !== 'single-pass') throw new Error('TiledModel.fit: a gradient model trains in the engine loop on a TiledBatchSource');
    const tiles = new TiledBatchSource(train, this.grid);
    await this.inner.fit(tiles, { ...ctx, preprocessing: tiles.preprocessing });
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const k = this.grid.origins.length;
    const images = x.shape[0];
    const channels = x.shape[3];
    const tileScores = new Float32Array(images * k);
    const tileParts = new Map<string, Float32Array>();
    const maps = options.maps ? new Array<TileStitcher | undefined>(images).fill(undefined) : undefined;
    const recons = options.reconstructions ? new Array<TileStitcher | undefined>(images).fill(undefined) : undefined;
    let gaveMaps = true;
    let gaveRecons = true;
    const pixels = await readPixels(x, this.grid);
    for (let from = 0; from < images * k; from += this.tileBatch) {
      const to = Math.min(images * k, from + this.tileBatch);
      const tiles = cutTiles(pixels, this.grid, from, to);
      let result: ScoreResult;
      try {
        result = await this.inner.score(tiles, options);
      } finally {
        tiles.dispose();
      }
      tileScores.set(result.scores, from);
      for (const [name, values] of Object.entries(result.parts ?? {})) {
        if (!tileParts.has(name)) tileParts.set(name, new Float32Array(images * k));
        tileParts.get(name)!.set(values, from);
      }
      gaveMaps &&= result.maps !== undefined;
      gaveRecons &&= result.reconstructions !== undefined;
      for (let j = from; j < to; j++) {
        const image = Math.floor(j / k);
        if (maps && result.maps) (maps[image] ??= new TileStitcher(this.grid, this.counts)).add(j % k, result.maps[j - from]!);
        if (recons && result.reconstructions) (recons[image] ??= new TileStitcher(this.grid, this.counts, channels)).add(j % k, result.reconstructions[j - from]!);
      }
    }
    const reduce = (values: Float32Array) => Float32Array.from({ length: images }, (_, n) => reduceTileScores(values.subarray(n * k, (n + 1) * k), this.reduction));
    return {
      scores: reduce(tileScores),
      ...(maps && gaveMaps ? { maps: maps.map((m) => m!.finish()) } : {}),
      ...(recons && gaveRecons ? { reconstructions: recons.map((r) => r!.finish()) } : {}),
      ...(tileParts.size > 0 ? { parts: Object.fromEntries([...tileParts].map(([name, values]) => [name, reduce(values)])) } : {}),
    };
  }

  save(dir: string): Promise<void> {
    return this.inner.save(dir);
  }

  dispose(): void {
    this.inner.dispose();
  }
}
