import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import { AnomalyModel, BatchSource, GraphExportUnsupported, GraphHeads, ModelContext, ScoreOptions, ScoreResult, SinglePassModel, UserError } from '@anomaly-zoo/core';
import { cutTiles, range, readPixels } from './cut-tiles';
import { coverCounts, reduceTileScores, TileGrid, TileReduction, TileStitcher } from './tile-grid';
import { TiledBatchSource } from './tiled-source';

/** Tiles scored at once when the caller does not say. */
export const DEFAULT_TILE_BATCH = 32;

/** The models of a per-position ensemble: `first` and count − 1 more from `create`; single-pass models only. */
export function ensembleOf(first: AnomalyModel, count: number, create: () => AnomalyModel): AnomalyModel[] {
  if (first.training !== 'single-pass') {
    throw new UserError('data.tiling.ensemble: only for single-pass models (fitted in one pass, e.g. padim, patchcore); this model trains by gradient descent');
  }
  return [first, ...Array.from({ length: count - 1 }, create)];
}

/** The folder, inside the saved model's, that holds position t's model of an ensemble. */
export function positionName(t: number): string {
  return `tile-${t}`;
}

/** Where position t's model of an ensemble is saved, inside the saved model's folder. */
export function positionDir(dir: string, t: number): string {
  return path.join(dir, positionName(t));
}

/**
 * A model of whole images made of a model of tiles: one model for every tile position, or (the ensemble) one per
 * position. `score` takes images at the grid's full size, scores their tiles `tileBatch` at a time (memory holds one
 * such batch and one accumulating map per image, never every tile), and gives per image:
 *   - the score: the reduction (max: the worst tile decides, so one small defect flags the image; mean) of its
 *     tiles' scores;
 *   - the map and the reconstruction: its tiles' stitched back, averaged where tiles overlap (tile-grid.ts);
 *   - each named part: reduced like the score.
 * Saving saves the tile model (an ensemble: each in positionDir); the tiling goes into the manifest beside it.
 */
export class TiledModel implements SinglePassModel {
  readonly training = 'single-pass';
  private readonly counts: Uint16Array;

  constructor(
    /** One model for all positions, or one per grid position. */
    readonly models: readonly AnomalyModel[],
    private readonly grid: TileGrid,
    private readonly reduction: TileReduction,
    private readonly tileBatch = DEFAULT_TILE_BATCH,
  ) {
    if (models.length !== 1 && models.length !== grid.origins.length) throw new Error(`tiled model: ${models.length} models for ${grid.origins.length} tile positions`);
    this.counts = coverCounts(grid);
  }

  get ensemble(): boolean {
    return this.models.length > 1;
  }

  /**
   * Fits single-pass tile models on the tiles of `train` (each of an ensemble on its position's tiles); gradient
   * tile models are trained by the engine's loop on a TiledBatchSource.
   */
  async fit(train: BatchSource, ctx: ModelContext): Promise<void> {
    for (const [t, model] of this.models.entries()) {
      if (model.training !== 'single-pass') throw new Error('TiledModel.fit: a gradient model trains in the engine loop on a TiledBatchSource');
      const tiles = new TiledBatchSource(train, this.grid, this.ensemble ? t : undefined);
      if (this.ensemble) ctx.log(`tile position ${t + 1} of ${this.models.length}`);
      await model.fit(tiles, { ...ctx, preprocessing: tiles.preprocessing });
    }
  }

  /** Cutting and stitching are not written as a graph yet: tiled runs score on tfjs (their backbones still run natively). */
  async exportGraph(): Promise<GraphHeads> {
    throw new GraphExportUnsupported('tiled scoring (data.tiling)');
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
    // A shared model scores the tiles in image order; each model of an ensemble the tiles of its position.
    const groups = this.ensemble ? this.models.map((_, t) => range(0, images).map((n) => n * k + t)) : [range(0, images * k)];
    for (const [g, group] of groups.entries()) {
      for (let from = 0; from < group.length; from += this.tileBatch) {
        const chosen = group.slice(from, from + this.tileBatch);
        const tiles = cutTiles(pixels, this.grid, chosen);
        let result: ScoreResult;
        try {
          result = await this.models[g]!.score(tiles, options);
        } finally {
          tiles.dispose();
        }
        gaveMaps &&= result.maps !== undefined;
        gaveRecons &&= result.reconstructions !== undefined;
        chosen.forEach((j, i) => {
          tileScores[j] = result.scores[i]!;
          for (const [name, values] of Object.entries(result.parts ?? {})) {
            if (!tileParts.has(name)) tileParts.set(name, new Float32Array(images * k));
            tileParts.get(name)![j] = values[i]!;
          }
          const image = Math.floor(j / k);
          if (maps && result.maps) (maps[image] ??= new TileStitcher(this.grid, this.counts)).add(j % k, result.maps[i]!);
          if (recons && result.reconstructions) (recons[image] ??= new TileStitcher(this.grid, this.counts, channels)).add(j % k, result.reconstructions[i]!);
        });
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

  async save(dir: string): Promise<void> {
    if (!this.ensemble) return this.models[0]!.save(dir);
    for (const [t, model] of this.models.entries()) {
      fs.mkdirSync(positionDir(dir, t), { recursive: true });
      await model.save(positionDir(dir, t));
    }
  }

  dispose(): void {
    for (const model of this.models) model.dispose();
  }
}
