import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '@anomaly-zoo/core';
import { DensityPipelineJSON, FeatureCache, FeatureExtractor } from '@anomaly-zoo/components';
import { ImageSet } from '@anomaly-zoo/data';
import { OnnxRuntime } from '@anomaly-zoo/onnx';
import { dfkdm } from './index';
import { DFKDM_FILE, DfkdmFile, DfkdmModel } from './model';
import { contextFor, generatedSplits, multiLayerGemConfig, testBackboneDir, testConfig } from './test-utils/fixtures';
import { GeneratedData, naiveAuroc } from '@anomaly-zoo/testing';
import { directorySource } from '@anomaly-zoo/core';

const SIZE = 64;

async function scoreAll(model: DfkdmModel, source: BatchSource): Promise<Float32Array> {
  const scores: number[] = [];
  for await (const batch of source.batches({ batchSize: 16 })) {
    scores.push(...(await model.score(batch.x)).scores);
    batch.x.dispose();
  }
  return Float32Array.from(scores);
}

const backboneDir = testBackboneDir();

(backboneDir ? describe : describe.skip)('DFKDM with MobileNet V1 0.25', () => {
  let data: GeneratedData;
  const ctx = contextFor({ height: SIZE, width: SIZE, channels: 3 });

  beforeAll(async () => {
    data = await generatedSplits(SIZE);
  });

  it('separates generated defects from normal texture, with the KDE and with one Gaussian, seed recipe and multi-layer GeM (also standardised, as for malaria)', async () => {
    const configs = [
      testConfig({ density: 'kde' }), testConfig({ density: 'gaussian' }), multiLayerGemConfig({ density: 'kde' }), multiLayerGemConfig({ density: 'gaussian' }),
      multiLayerGemConfig({ density: 'gaussian', scaling: 'standard' }),
    ];
    for (const config of configs) {
      const model = new DfkdmModel(config, ctx);
      await model.fit(data.train, ctx);
      const scores = await scoreAll(model, data.test);
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(naiveAuroc(scores, data.labels)).toBeGreaterThan(0.9);
      model.dispose();
    }
  });

  it('saves PCA, scaler, KDE points and the backbone reference; the loaded model scores identically', async () => {
    const config = testConfig({ pca_components: 8 });
    const model = new DfkdmModel(config, ctx);
    await model.fit(data.train, ctx);
    const before = await scoreAll(model, data.test);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-model-'));
    await model.save(dir);
    model.dispose();

    const saved = JSON.parse(fs.readFileSync(path.join(dir, DFKDM_FILE), 'utf8')) as DfkdmFile;
    expect(saved.preprocessing).toEqual(ctx.preprocessing);
    expect(saved.trainingImages).toBe(24);
    expect(saved.backbone).toMatchObject({ source: 'local', location: path.resolve(backboneDir!), inputSize: 224, inputRange: [-1, 1], layers: ['global_average_pooling2d_1'] });
    expect(saved.version).toBe(3);
    expect(saved.pooling).toEqual({ kind: 'avg', p: 3, normaliseLayers: false });
    const head = saved.head as DensityPipelineJSON;
    expect(head.pca!.components.shape).toEqual([8, 256]);
    expect(head.density.kind).toBe('GaussianKde');
    expect((head.density as { points: { shape: number[] } }).points.shape).toEqual([24, 8]);

    const tensorsBefore = tf.memory().numTensors;
    const loaded = await dfkdm.load(directorySource(dir), config, ctx);
    const after = await scoreAll(loaded as DfkdmModel, data.test);
    expect(Array.from(after)).toEqual(Array.from(before));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    fs.writeFileSync(path.join(dir, DFKDM_FILE), '{"format": "dfkdm", ');
    await expect(dfkdm.load(directorySource(dir), config, ctx)).rejects.toThrow(/dfkdm\.json: not valid JSON/);
  });

  it('loads models saved before the shared density pipeline (file version 1) and scores them as they were scored then', async () => {
    // test-utils/legacy-v1: written by make-legacy-v1.js with the code of commit 022e961 (wasm, one thread), from the
    // same generated images as below; the old config had `scorer` and no pooling keys.
    const legacy = path.join(__dirname, 'test-utils', 'legacy-v1');
    const expected = JSON.parse(fs.readFileSync(path.join(legacy, 'scores.json'), 'utf8')) as { scores: Record<string, number[]> };
    const small = await generatedSplits(SIZE, { train: 12, testGood: 4, perDefect: 2 });
    for (const scorer of ['kde', 'gaussian']) {
      const oldConfig = { ...testConfig({ pca_components: 4 }), scorer } as Record<string, unknown>;
      for (const key of ['density', 'shrinkage', 'pooling', 'gem_p', 'normalise_layers']) delete oldConfig[key];
      const saved = JSON.parse(fs.readFileSync(path.join(legacy, scorer, DFKDM_FILE), 'utf8')) as DfkdmFile;
      expect(saved.version).toBe(1);
      const model = (await dfkdm.load(directorySource(path.join(legacy, scorer)), oldConfig as never, ctx)) as DfkdmModel;
      const scores = await scoreAll(model, small.test);
      expect(Array.from(scores)).toEqual(expected.scores[scorer]!.map(Math.fround));
      model.dispose();
    }
  });

  it('a second run on the same images takes every feature from the cache, without decoding training images or calling the backbone, and scores the same', async () => {
    const previous = process.env.ANOMALY_ZOO_CACHE;
    process.env.ANOMALY_ZOO_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-cache-'));
    // A private copy of the training files, so that one can be changed below.
    const trainDir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-train-'));
    const records = data.train.records.map((r, i) => {
      const file = path.join(trainDir, `${String(i).padStart(3, '0')}.png`);
      fs.copyFileSync(r.path, file);
      return { ...r, path: file };
    });
    let decoded = 0;
    const train = new ImageSet(records, ctx.preprocessing, {
      cache: false,
      onDecode: () => {
        decoded++;
      },
    });
    try {
      const config = testConfig({ feature_cache: true });
      const run = async (): Promise<{ scores: Float32Array; counts: DfkdmModel['featureCounts']; decoded: number }> => {
        decoded = 0;
        const model = new DfkdmModel(config, ctx);
        await model.fit(train, ctx);
        const trainDecodes = decoded;
        const scores = await scoreAll(model, data.test);
        const counts = model.featureCounts;
        model.dispose();
        return { scores, counts, decoded: trainDecodes };
      };
      const images = train.size + data.test.size;
      const backbone = jest.spyOn(FeatureExtractor.prototype, 'pooled');
      const cold = await run();
      expect(backbone).toHaveBeenCalled();
      expect(cold).toMatchObject({ counts: { computed: images, cached: 0 }, decoded: train.size });
      // One entry per image: training images under their file keys only, test images (scored by pixels) under pixel keys.
      expect(FeatureCache.storedUnder(process.env.ANOMALY_ZOO_CACHE!)).toBe(images);

      backbone.mockClear();
      const warm = await run();
      expect(backbone).not.toHaveBeenCalled();
      expect(warm).toMatchObject({ counts: { computed: 0, cached: images }, decoded: 0 });
      expect(Array.from(warm.scores)).toEqual(Array.from(cold.scores));

      // One training file replaced by a defective test image: its file key misses, so every training file is
      // decoded again, but only that image goes through the backbone; the others hit by their file keys.
      fs.copyFileSync(data.test.records.find((r) => r.label === 1)!.path, records[0]!.path);
      backbone.mockClear();
      const changed = await run();
      expect(changed.decoded).toBe(train.size);
      expect(changed.counts).toEqual({ computed: 1, cached: images - 1 });
      expect(backbone.mock.calls.map(([x]) => x.shape[0])).toEqual([1]);
      expect(Array.from(changed.scores)).not.toEqual(Array.from(cold.scores));
      backbone.mockRestore();
    } finally {
      if (previous === undefined) delete process.env.ANOMALY_ZOO_CACHE;
      else process.env.ANOMALY_ZOO_CACHE = previous;
    }
  });

  it('scores a whole source like score() does, and a second time without decoding any image', async () => {
    const previous = process.env.ANOMALY_ZOO_CACHE;
    process.env.ANOMALY_ZOO_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-source-'));
    try {
      let decoded = 0;
      const test = new ImageSet(data.test.records, ctx.preprocessing, { cache: false, onDecode: () => { decoded++; } });
      const spans = new Map<string, number[]>();
      const profiled = { ...ctx, profiler: { span: (phase: string, seconds: number) => spans.set(phase, [...(spans.get(phase) ?? []), seconds]) } };
      const model = new DfkdmModel(testConfig({ feature_cache: true }), profiled);
      await model.fit(data.train, profiled);
      // Every phase reaches the context's profiler; the backbone is loaded once.
      expect([...spans.keys()].sort()).toEqual(['density', 'features', 'input', 'load']);
      expect(spans.get('load')).toHaveLength(1);
      for (const phase of ['load', 'features', 'density']) expect(spans.get(phase)!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      const batchwise = await scoreAll(model, data.test);
      // A source that cannot key its images (a custom decoder) is left to batch-by-batch scoring.
      expect(await model.scoreSource(new ImageSet(data.test.records, ctx.preprocessing, { decode: test.decode }))).toBeUndefined();
      const first = await model.scoreSource(test);
      expect(first!.records.map((r) => r.path)).toEqual(data.test.records.map((r) => r.path));
      expect(Array.from(first!.scores)).toEqual(Array.from(batchwise));
      expect(decoded).toBe(test.size);
      decoded = 0;
      const second = await model.scoreSource(test);
      expect(decoded).toBe(0);
      expect(Array.from(second!.scores)).toEqual(Array.from(batchwise));
      model.dispose();
    } finally {
      if (previous === undefined) delete process.env.ANOMALY_ZOO_CACHE;
      else process.env.ANOMALY_ZOO_CACHE = previous;
    }
  });

  it('keeps its tensor count flat over repeated scoring', async () => {
    const model = new DfkdmModel(testConfig(), ctx);
    await model.fit(data.train, ctx);
    await scoreAll(model, data.test);
    const steady = tf.memory().numTensors;
    await scoreAll(model, data.test);
    await scoreAll(model, data.test);
    expect(tf.memory().numTensors).toBe(steady);
    model.dispose();
  });

  it('fits and scores with the backbone on ONNX Runtime as on tfjs (within 1e-4), with a flat tensor count', async () => {
    const onOrt = { ...ctx, runtime: new OnnxRuntime({ threads: 1 }) };
    const reference = new DfkdmModel(testConfig({ density: 'gaussian' }), ctx);
    await reference.fit(data.train, ctx);
    const expected = await scoreAll(reference, data.test);
    const model = new DfkdmModel(testConfig({ density: 'gaussian' }), onOrt);
    await model.fit(data.train, onOrt);
    const got = await scoreAll(model, data.test);
    const steady = tf.memory().numTensors;
    await scoreAll(model, data.test);
    expect(tf.memory().numTensors).toBe(steady);
    const scale = Math.max(...expected.map(Math.abs));
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i]!))) / scale).toBeLessThan(1e-4);
    expect(naiveAuroc(got, data.labels)).toBeGreaterThan(0.9);
    reference.dispose();
    model.dispose();
  });

  it('refuses a backbone path without model.json and a fractional component count above 1, naming the key', async () => {
    const missing = new DfkdmModel(testConfig({ backbone: { ...testConfig().backbone, path: os.tmpdir() } }), ctx);
    await expect(missing.fit(data.train, ctx)).rejects.toThrow(/^model\.backbone\.path: no model\.json in /);
    expect(() => new DfkdmModel(testConfig({ pca_components: 2.5 }), ctx)).toThrow(/^model\.pca_components: /);
  });
});
