import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { AnomalyModel, directorySource, filesSource, ModelContext, ModelSource, urlSource } from '@anomaly-zoo/core';
import { normalise } from '@anomaly-zoo/eval';
import { exportScoringGraph, OrtSession, SCORING_INPUT, SCORING_OUTPUTS } from '@anomaly-zoo/onnx';
import { getModel, modelNames } from '@anomaly-zoo/registry';
import { defaultConfig } from '@anomaly-zoo/testing';
import { silentLogger } from './log';
import { MemorySource } from './test-utils/memory-source';
import { pickedFolder, serveDirectory } from '@anomaly-zoo/testing';
import { trainGradientModel } from './trainer';

// Every registered model, with its default config: fit on tiny generated data, score, save, load (from the
// directory, over http and from a page's picked folder) and give identical scores after loading; two fits with the
// same seed give bit-identical scores; exported to ONNX, ONNX Runtime gives the tfjs scores and maps.
const pre = { height: 32, width: 32, channels: 3 as const };
const ctx: ModelContext = { preprocessing: pre, seed: 11, log: () => undefined };

async function fit(model: AnomalyModel, train: MemorySource): Promise<void> {
  if (model.training === 'single-pass') return model.fit(train, ctx);
  await trainGradientModel(model, {
    config: { epochs: 2, batch_size: 4, learning_rate: 0.001, early_stopping: { patience: 0, min_delta: 0 } },
    seed: 11, train, logger: silentLogger,
  });
  await model.afterTraining?.(train, ctx);
}

describe.each(modelNames())('model %s', (name) => {
  it('fits, scores, saves, loads and scores identically', async () => {
    const definition = getModel(name);
    const config = defaultConfig(definition);
    const model = definition.create(config, ctx);
    const train = new MemorySource(8, pre, 1);
    await fit(model, train);

    const x = tf.randomUniform([3, pre.height, pre.width, pre.channels], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = await model.score(x, { maps: true });
    expect(before.scores).toHaveLength(3);
    before.scores.forEach((s) => expect(Number.isFinite(s)).toBe(true));
    if (before.maps) {
      expect(before.maps).toHaveLength(3);
      expect(before.maps[0]).toHaveLength(pre.height * pre.width);
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `az-conf-${name}-`));
    await model.save(dir);
    model.dispose();
    const server = await serveDirectory(dir);
    try {
      const sources: Array<[string, ModelSource]> = [
        ['directory', directorySource(dir)],
        ['url', urlSource(server.url)],
        ['picked folder', filesSource(pickedFolder(dir, 'model'))],
      ];
      for (const [kind, source] of sources) {
        const loaded = await definition.load(source, config, ctx);
        const after = await loaded.score(x, { maps: true });
        expect({ kind, scores: Array.from(after.scores) }).toEqual({ kind, scores: Array.from(before.scores) });
        if (before.maps) expect(Array.from(after.maps![2]!)).toEqual(Array.from(before.maps[2]!));
        loaded.dispose();
      }
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    x.dispose();
  });

  it('is deterministic: the same seed gives bit-identical scores', async () => {
    const definition = getModel(name);
    const config = defaultConfig(definition);
    const x = tf.randomUniform([3, pre.height, pre.width, pre.channels], 0, 1, 'float32', 8) as tf.Tensor4D;
    const scoresOfFreshFit = async (): Promise<number[]> => {
      const model = definition.create(config, ctx);
      await fit(model, new MemorySource(8, pre, 1));
      const { scores } = await model.score(x);
      model.dispose();
      return Array.from(scores);
    };
    const first = await scoresOfFreshFit();
    expect(await scoresOfFreshFit()).toEqual(first);
    x.dispose();
  });

  it('exports its loaded scoring to ONNX, where ONNX Runtime gives the tfjs scores, maps, labels and normalised scores', async () => {
    const definition = getModel(name);
    const config = defaultConfig(definition);
    const model = definition.create(config, ctx);
    await fit(model, new MemorySource(8, pre, 1));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `az-onnx-${name}-`));
    await model.save(dir);
    model.dispose();
    const loaded = await definition.load(directorySource(dir), config, ctx);
    const x = tf.randomUniform([4, pre.height, pre.width, pre.channels], 0, 1, 'float32', 9) as tf.Tensor4D;
    const expected = await loaded.score(x, { maps: true });
    // A threshold between the scores and a range around them, so both labels and clamping occur.
    const sorted = Array.from(expected.scores).sort((a, b) => a - b);
    const normalisation = { threshold: (sorted[1]! + sorted[2]!) / 2, min: sorted[0]!, max: sorted[2]! };
    const onnx = await exportScoringGraph(loaded, { model: name, preprocessing: pre, threshold: normalisation.threshold, normalisation });
    loaded.dispose();
    const session = await OrtSession.create(onnx, { threads: 1 });
    const out = await session.run({ [SCORING_INPUT]: { data: x.dataSync() as Float32Array, dims: x.shape } });
    await session.release();
    x.dispose();

    const scale = Math.max(1, ...sorted.map(Math.abs));
    const score = out[SCORING_OUTPUTS.score]!;
    expect(score.dims).toEqual([4]);
    const scoreError = Math.max(...Array.from(score.data, (s, i) => Math.abs(s - expected.scores[i]!) / scale));
    expect(scoreError).toBeLessThan(1e-4);
    expect(Array.from(out[SCORING_OUTPUTS.label]!.data)).toEqual(Array.from(expected.scores, (s) => (s > normalisation.threshold ? 1 : 0)));
    // Normalising divides by the validation range, which magnifies the score's rounding by scale / range.
    const normalisedTolerance = 1e-4 * scale / (normalisation.max - normalisation.min) + 1e-6;
    out[SCORING_OUTPUTS.normalisedScore]!.data.forEach((v, i) => expect(Math.abs(v - normalise(expected.scores[i]!, normalisation))).toBeLessThan(normalisedTolerance));
    if (expected.maps) {
      const map = out[SCORING_OUTPUTS.anomalyMap]!;
      expect(map.dims).toEqual([4, pre.height, pre.width]);
      const mapScale = Math.max(1, ...expected.maps.map((m) => Math.max(...Array.from(m, Math.abs))));
      const mapError = Math.max(...expected.maps.map((m, i) => Math.max(...Array.from(m, (v, p) => Math.abs(map.data[i * m.length + p]! - v) / mapScale))));
      expect(mapError).toBeLessThan(1e-4);
    } else {
      expect(out[SCORING_OUTPUTS.anomalyMap]).toBeUndefined();
    }
  });
});
