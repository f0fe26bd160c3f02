import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { AnomalyModel, ModelContext } from '@anomaly-zoo/core';
import { getModel, modelNames } from '@anomaly-zoo/registry';
import { validateAgainst } from '../config/validate';
import { silentLogger } from '../log';
import { MemorySource, Painter } from '../test-utils/memory-source';
import { loadModelDir, saveModelDir } from '../saved-model';
import { trainGradientModel } from '../trainer';
import { cutTiles, range, readPixels } from './cut-tiles';
import { reduceTileScores, tileGrid } from './tile-grid';
import { TiledModel } from './tiled-model';
import { TiledBatchSource } from './tiled-source';

// Every registered model, with its default config, tiled with no code of its own: 48² images cut into four
// overlapping 32² tiles (stride 16), fitted on the tiles, scored as whole images.
const imagePre = { height: 48, width: 48, channels: 3 as const };
const tilePre = { height: 32, width: 32, channels: 3 as const };
const grid = tileGrid(imagePre, tilePre, { height: 16, width: 16 });
const ctx: ModelContext = { preprocessing: tilePre, seed: 5, log: () => undefined };

async function fitTiled(model: AnomalyModel, images: MemorySource): Promise<TiledModel> {
  const tiled = new TiledModel([model], grid, 'max', 3);
  if (model.training === 'single-pass') {
    await tiled.fit(images, { ...ctx, preprocessing: imagePre });
  } else {
    const tiles = new TiledBatchSource(images, grid);
    await trainGradientModel(model, {
      config: { epochs: 1, batch_size: 4, learning_rate: 0.001, early_stopping: { patience: 0, min_delta: 0 } },
      seed: 5, train: tiles, logger: silentLogger,
    });
    await model.afterTraining?.(tiles, ctx);
  }
  return tiled;
}

describe('TiledBatchSource', () => {
  it('gives every tile of every image once, in batches of at most batchSize, and leaks no tensor', async () => {
    const images = new MemorySource(5, imagePre, 3);
    const tiles = new TiledBatchSource(images, grid);
    expect(tiles.size).toBe(20);
    expect(tiles.preprocessing).toEqual(tilePre);
    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    const paths: string[] = [];
    let last: Float32Array | undefined;
    for await (const batch of tiles.batches({ batchSize: 6 })) {
      sizes.push(batch.x.shape[0]);
      paths.push(...batch.records.map((r) => r.path));
      last = batch.x.dataSync() as Float32Array;
      batch.x.dispose();
    }
    // 6 tiles hold one whole image (4 tiles) at a time: batches of 4.
    expect(sizes).toEqual([4, 4, 4, 4, 4]);
    expect(paths).toEqual(images.records.flatMap((r) => [r.path, r.path, r.path, r.path]));
    // The last tile of the last image is its bottom-right 32² corner.
    const all = images.records.length;
    const whole = await (async () => {
      for await (const b of images.batches({ batchSize: all })) {
        const corner = b.x.slice([all - 1, 16, 16, 0], [1, 32, 32, 3]);
        const values = corner.dataSync() as Float32Array;
        corner.dispose();
        b.x.dispose();
        return values;
      }
      throw new Error('no batch');
    })();
    expect(last!.subarray(last!.length - whole.length)).toEqual(whole);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(modelNames())('tiled %s', (name) => {
  it('scores whole images as the max of its tiles, stitches full-size maps, and keeps numTensors flat', async () => {
    const definition = getModel(name);
    const config: Record<string, unknown> = {};
    validateAgainst(definition.schema, config, 'tiling', 'model');
    const tiled = await fitTiled(definition.create(config, ctx), new MemorySource(6, imagePre, 2));
    const x = tf.randomUniform([2, 48, 48, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const first = await tiled.score(x, { maps: true });
    const counted = tf.memory().numTensors;
    const again = await tiled.score(x, { maps: true, reconstructions: true });
    await tiled.score(x);
    expect(tf.memory().numTensors).toBe(counted);
    expect(Array.from(again.scores)).toEqual(Array.from(first.scores));

    // The same tiles scored by the tile model directly, reduced by hand.
    const tiles = cutTiles(await readPixels(x, grid), grid, range(0, 8));
    const direct = await tiled.models[0]!.score(tiles, { maps: true });
    tiles.dispose();
    const expected = [0, 1].map((n) => reduceTileScores(direct.scores.subarray(n * 4, n * 4 + 4), 'max'));
    expect(Array.from(first.scores)).toEqual(expected.map(Math.fround));
    if (direct.maps) {
      expect(first.maps).toHaveLength(2);
      expect(first.maps![1]).toHaveLength(48 * 48);
      // Pixel (0, 0) lies in the first tile only; pixel (47, 47) in the last only; pixel (24, 24) in all four.
      const tileMaps = direct.maps.slice(4);
      expect(first.maps![1]![0]).toBe(tileMaps[0]![0]);
      expect(first.maps![1]![48 * 48 - 1]).toBe(tileMaps[3]![32 * 32 - 1]);
      const centre = (tileMaps[0]![24 * 32 + 24]! + tileMaps[1]![24 * 32 + 8]! + tileMaps[2]![8 * 32 + 24]! + tileMaps[3]![8 * 32 + 8]!) / 4;
      expect(first.maps![1]![24 * 48 + 24]).toBeCloseTo(centre, 5);
    }
    if (again.reconstructions) expect(again.reconstructions[0]).toHaveLength(48 * 48 * 3);
    tiled.dispose();
    x.dispose();
  });
});

describe('the per-position ensemble', () => {
  // 32×64 images: vertical stripes on the left tile, horizontal on the right. Swapping the halves puts only normal
  // tiles in abnormal places: a model per position sees it, and the ensemble saves and loads as one model.
  const wide = { height: 32, width: 64, channels: 3 as const };
  const halves = tileGrid(wide, tilePre, { height: 32, width: 32 });
  const normal: Painter = (y, x, c, phase) => 0.5 + 0.4 * Math.sin((x < 32 ? x : y) / 2 + phase + c);
  const swapped: Painter = (y, x, c, phase) => 0.5 + 0.4 * Math.sin((x < 32 ? y : x) / 2 + phase + c);

  it('flags tiles in the wrong place, and scores the same after saving and loading', async () => {
    const definition = getModel('padim');
    const config: Record<string, unknown> = {};
    validateAgainst(definition.schema, config, 'tiling', 'model');
    const ensemble = new TiledModel([definition.create(config, ctx), definition.create(config, ctx)], halves, 'max');
    await ensemble.fit(new MemorySource(12, wide, 21, normal), { ...ctx, preprocessing: wide });
    const scoreAll = async (model: AnomalyModel, source: MemorySource): Promise<number[]> => {
      const scores: number[] = [];
      for await (const batch of source.batches({ batchSize: 8 })) {
        scores.push(...(await model.score(batch.x)).scores);
        batch.x.dispose();
      }
      return scores;
    };
    const normals = await scoreAll(ensemble, new MemorySource(6, wide, 22, normal));
    const anomalies = await scoreAll(ensemble, new MemorySource(6, wide, 23, swapped));
    expect(Math.min(...anomalies)).toBeGreaterThan(Math.max(...normals));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-ensemble-'));
    await saveModelDir(dir, ensemble, {
      format: 'anomaly-zoo-model', version: 1, model: 'padim', model_config: config, preprocessing: wide,
      threshold: { value: 0, strategy: 'manual' }, normalisation: { threshold: 0, min: 0, max: 1 }, seed: 5, backend: tf.getBackend(), created: 'now',
      tiling: { resize: wide, tile: { height: 32, width: 32 }, stride: { height: 32, width: 32 }, reduction: 'max', ensemble: true },
    });
    const { model: loaded } = await loadModelDir(dir, () => undefined);
    expect(await scoreAll(loaded, new MemorySource(6, wide, 23, swapped))).toEqual(anomalies);
    loaded.dispose();
    ensemble.dispose();
  });
});
