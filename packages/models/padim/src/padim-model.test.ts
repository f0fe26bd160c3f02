import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { createRng, directorySource, ModelContext, Preprocessing, UserError } from '@anomaly-zoo/core';
import { BackboneRef, extractorId, pretrainedModelsDir } from '@anomaly-zoo/components';
import { OnnxRuntime } from '@anomaly-zoo/onnx';
import { defaultConfig, ImagesSource, pretrainedModel } from '@anomaly-zoo/testing';
import { PadimConfig } from './config';
import { padim } from './index';
import { PadimModel } from './padim-model';

const SIZE = 64;
const pre: Preprocessing = { height: SIZE, width: SIZE, channels: 3 };
const ctx: ModelContext = { preprocessing: pre, seed: 3, log: () => undefined };
const DEFECT = { top: 20, left: 36, side: 12 };

/** Diagonal stripes with a random phase and pixel noise; optionally a dark square (the planted defect). */
function texture(seed: number, defect: boolean): Float32Array {
  const rng = createRng(seed);
  const phase = rng.uniform(0, 2 * Math.PI);
  const pixels = new Float32Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const inside = defect && y >= DEFECT.top && y < DEFECT.top + DEFECT.side && x >= DEFECT.left && x < DEFECT.left + DEFECT.side;
      const base = inside ? 0.05 : 0.5 + 0.3 * Math.sin((x + y) / 3 + phase);
      for (let c = 0; c < 3; c++) pixels[(y * SIZE + x) * 3 + c] = Math.min(1, Math.max(0, base + 0.03 * rng.normal() + 0.05 * c));
    }
  return pixels;
}

function images(seeds: number[], defect: boolean): tf.Tensor4D {
  const data = new Float32Array(seeds.length * SIZE * SIZE * 3);
  seeds.forEach((s, i) => data.set(texture(s, defect), i * SIZE * SIZE * 3));
  return tf.tensor4d(data, [seeds.length, SIZE, SIZE, 3]);
}

/** Normal textures of the given seeds as a BatchSource. */
function textures(seeds: number[]): ImagesSource {
  return new ImagesSource(seeds.map((s) => texture(s, false)), pre, seeds.map((s) => ({ path: `t${s}.png`, label: 0 as const, defectType: 'good' })));
}

const modelsDir = pretrainedModelsDir();
const maybe = pretrainedModel(modelsDir, 'mobilenet_v1_0.25_224') ? describe : describe.skip;

function config(overrides: Partial<PadimConfig> = {}): PadimConfig {
  return defaultConfig<PadimConfig>(padim, {
    backbone: { model: 'mobilenet_v1_0.25_224', alpha: 0.25 }, dims: 40, map_sigma: 2, top_k: 10, batch_size: 8,
    ...overrides,
  });
}

maybe('PadimModel (MobileNet 0.25)', () => {
  const trainSeeds = Array.from({ length: 12 }, (_, i) => i + 1);

  it('puts the highest map values on a planted defect and scores defect images above normal ones', async () => {
    const model = new PadimModel(config(), ctx);
    await model.fit(textures(trainSeeds), ctx);
    const normal = images([101, 102, 103], false);
    const defective = images([201, 202], true);
    const normalResult = await model.score(normal, { maps: true });
    const defectResult = await model.score(defective, { maps: true });
    expect(Math.min(...defectResult.scores)).toBeGreaterThan(Math.max(...normalResult.scores));
    for (const map of defectResult.maps!) {
      expect(map).toHaveLength(SIZE * SIZE);
      let best = 0;
      map.forEach((v, i) => (v > (map[best] as number) ? (best = i) : undefined));
      const [y, x] = [Math.floor(best / SIZE), best % SIZE];
      const margin = 4;
      expect(y).toBeGreaterThanOrEqual(DEFECT.top - margin);
      expect(y).toBeLessThan(DEFECT.top + DEFECT.side + margin);
      expect(x).toBeGreaterThanOrEqual(DEFECT.left - margin);
      expect(x).toBeLessThan(DEFECT.left + DEFECT.side + margin);
    }
    tf.dispose([normal, defective]);
    model.dispose();
  });

  it('saves and loads to identical scores and maps, and keeps the tensor count flat', async () => {
    const model = new PadimModel(config({ image_score: 'top_k_mean' }), ctx);
    await model.fit(textures(trainSeeds.slice(0, 6)), ctx);
    const x = images([301, 302], true);
    await model.score(x);
    const settled = tf.memory().numTensors;
    await model.fit(textures(trainSeeds.slice(0, 6)), ctx);
    const before = await model.score(x, { maps: true });
    expect(tf.memory().numTensors).toBe(settled);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-padim-'));
    await model.save(dir);
    model.dispose();
    const loaded = await PadimModel.load(directorySource(dir), config({ image_score: 'top_k_mean' }), ctx);
    const after = await loaded.score(x, { maps: true });
    expect(Array.from(after.scores)).toEqual(Array.from(before.scores));
    expect(Array.from(after.maps![1]!)).toEqual(Array.from(before.maps![1]!));
    loaded.dispose();

    await expect(PadimModel.load(directorySource(dir), config({ backbone: { ...config().backbone, layers: ['conv_pw_5_relu'] } }), ctx)).rejects.toThrow(UserError);

    // The same state as version 1 wrote it (the backbone as an extractor id string, its layers beside it) loads alike.
    const file = path.join(dir, 'padim.json');
    const { backbone, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8')) as { backbone: BackboneRef };
    fs.writeFileSync(file, JSON.stringify({ ...rest, version: 1, backboneId: extractorId(backbone), layers: backbone.layers }));
    const legacy = await PadimModel.load(directorySource(dir), config({ image_score: 'top_k_mean' }), ctx);
    expect(Array.from((await legacy.score(x)).scores)).toEqual(Array.from(before.scores));
    legacy.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    x.dispose();
  });

  it('fits and scores with the backbone on ONNX Runtime as on tfjs (within 1e-4), either way round through a save', async () => {
    const onOrt: ModelContext = { ...ctx, runtime: new OnnxRuntime({ threads: 1 }) };
    const x = images([401, 402], true);
    const tfjsModel = new PadimModel(config(), ctx);
    await tfjsModel.fit(textures(trainSeeds.slice(0, 6)), ctx);
    const expected = await tfjsModel.score(x, { maps: true });
    const ortModel = new PadimModel(config(), onOrt);
    await ortModel.fit(textures(trainSeeds.slice(0, 6)), onOrt);
    await ortModel.score(x);
    const settled = tf.memory().numTensors;
    const got = await ortModel.score(x, { maps: true });
    expect(tf.memory().numTensors).toBe(settled);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-padim-ort-'));
    await tfjsModel.save(dir);
    const reloaded = await PadimModel.load(directorySource(dir), config(), onOrt); // fitted on tfjs, scored on ONNX Runtime
    const crossed = await reloaded.score(x, { maps: true });
    const relative = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < b.length; i++) {
        worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
        scale = Math.max(scale, Math.abs(b[i]!));
      }
      return worst / scale;
    };
    for (const result of [got, crossed]) {
      expect(relative(result.scores, expected.scores)).toBeLessThan(1e-4);
      result.maps!.forEach((map, i) => expect(relative(map, expected.maps![i]!)).toBeLessThan(1e-4));
    }
    [tfjsModel, ortModel, reloaded].forEach((m) => m.dispose());
    fs.rmSync(dir, { recursive: true, force: true });
    x.dispose();
  });

  it('fits on tfjs, as without a runtime, when its backbone cannot run on ONNX Runtime (layer by layer)', async () => {
    const fused = process.env.ANOMALY_ZOO_FUSED;
    process.env.ANOMALY_ZOO_FUSED = '0';
    const x = images([401], true);
    try {
      const onOrt: ModelContext = { ...ctx, runtime: new OnnxRuntime({ threads: 1 }) };
      const model = new PadimModel(config(), onOrt);
      await model.fit(textures(trainSeeds.slice(0, 4)), onOrt);
      const reference = new PadimModel(config(), ctx);
      await reference.fit(textures(trainSeeds.slice(0, 4)), ctx);
      expect(Array.from((await model.score(x)).scores)).toEqual(Array.from((await reference.score(x)).scores));
      [model, reference].forEach((m) => m.dispose());
    } finally {
      x.dispose();
      if (fused === undefined) delete process.env.ANOMALY_ZOO_FUSED;
      else process.env.ANOMALY_ZOO_FUSED = fused;
    }
  });

  it('rejects more dims than the layers have channels, naming the key', async () => {
    const model = new PadimModel(config({ dims: 10000 }), ctx);
    await expect(model.fit(textures(trainSeeds.slice(0, 2)), ctx)).rejects.toThrow(/model\.dims/);
    model.dispose();
  });
});
