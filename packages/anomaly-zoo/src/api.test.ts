import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { decodeImage } from '@anomaly-zoo/data';
import { runPredict, silentLogger } from '@anomaly-zoo/engine';
import { serveDirectory } from '@anomaly-zoo/testing';
import { evaluate, listModels, loadModel, train, TrainProgress, urlSource } from './index';

// The library API end to end on generated data: train a run, load its model from the directory and over http,
// score paths, Buffers, ImageData and tensors, and get exactly what tools/predict gives.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-api-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function tinyRunConfig(root: string): Record<string, unknown> {
  return {
    seed: 3,
    model: { name: 'conv-ae', channels: [8, 16], latent_channels: 4 },
    data: { format: 'synthetic', root: path.join(root, 'data'), category: 'texture', image_size: 32, synthetic: { size: 32, train: 24, test_good: 4, per_defect: 2 } },
    training: { epochs: 2, batch_size: 8 },
    evaluation: { report: false, bootstrap: { resamples: 0 } },
    output: { root: path.join(root, 'results') },
  };
}

describe('the anomaly-zoo API', () => {
  let runDir: string;
  const events: TrainProgress[] = [];

  beforeAll(async () => {
    const result = await train(tinyRunConfig(work), { out: path.join(work, 'run'), onProgress: (event) => events.push(event) });
    runDir = result.runDir;
    expect(result.modelDir).toBe(path.join(runDir, 'model'));
    expect(typeof result.metrics.image_auroc).toBe('number');
  });

  it('reports every stage and epoch of training', () => {
    expect(events.map((e) => e.stage)).toEqual(['data', 'fit', 'epoch', 'epoch', 'threshold', 'test']);
    const epochs = events.filter((e): e is Extract<TrainProgress, { stage: 'epoch' }> => e.stage === 'epoch');
    expect(epochs.map((e) => [e.epoch, e.epochs])).toEqual([[1, 2], [2, 2]]);
    epochs.forEach((e) => expect(Number.isFinite(e.trainLoss)).toBe(true));
  });

  it('scores paths, Buffers, ImageData and tensors exactly as tools/predict does', async () => {
    const images = path.join(runDir, '..', 'data', 'texture', 'test');
    const files = fs.readdirSync(images, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(images, f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const cli = await runPredict({ run: runDir, input: images, logger: silentLogger });
    const expected = new Map(cli.predictions.map((p) => [p.path, p]));

    const detector = await loadModel(runDir);
    expect(detector.modelName).toBe('conv-ae');
    const byPath = await detector.score(files, { maps: true });
    const before = tf.memory().numTensors; // after the first call: models may build constant kernels lazily
    files.forEach((file, i) => {
      expect(byPath.scores[i]).toBe(expected.get(file)!.score);
      expect(byPath.normalisedScores[i]).toBe(expected.get(file)!.normalised_score);
      expect(byPath.labels[i]).toBe(expected.get(file)!.label);
    });
    expect(byPath.maps).toHaveLength(files.length);
    expect(byPath.maps![0]).toHaveLength(32 * 32);

    expect((await detector.score(files.map((f) => fs.readFileSync(f)))).scores).toEqual(byPath.scores);
    const pixels = await Promise.all(files.map((f) => decodeImage(f, detector.preprocessing)));
    const tensors = pixels.map((p) => tf.tensor3d(p, [32, 32, 3]));
    expect((await detector.score(tensors)).scores).toEqual(byPath.scores);
    const rgba = pixels.map((p) => ({ width: 32, height: 32, data: Uint8ClampedArray.from({ length: 32 * 32 * 4 }, (_, k) => (k % 4 === 3 ? 255 : Math.round(p[(k >> 2) * 3 + (k % 4)]! * 255))) }));
    expect((await detector.score(rgba, { batchSize: 2 })).scores).toEqual(byPath.scores);
    // What another engine is given (the demo's onnxruntime-web path): the very pixels tools/predict decodes.
    const fed = await detector.pixels(rgba);
    expect(fed.dims).toEqual([files.length, 32, 32, 3]);
    pixels.forEach((p, i) => expect(Array.from(fed.data.subarray(i * p.length, (i + 1) * p.length))).toEqual(Array.from(p)));
    tf.dispose(tensors);
    expect(tf.memory().numTensors).toBe(before);
    detector.dispose();
  });

  it('loads the same model over http', async () => {
    const server = await serveDirectory(path.join(runDir, 'model'));
    try {
      const fromUrl = await loadModel(server.url);
      const fromSource = await loadModel(urlSource(server.url));
      const fromDir = await loadModel(path.join(runDir, 'model'));
      const x = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
      const expected = (await fromDir.score(x)).scores;
      expect((await fromUrl.score(x)).scores).toEqual(expected);
      expect((await fromSource.score(x)).scores).toEqual(expected);
      [fromUrl, fromSource, fromDir].forEach((d) => d.dispose());
      x.dispose();
    } finally {
      await server.close();
    }
  });

  it('evaluates a run again, as tools/test does', async () => {
    const result = await evaluate(runDir, { out: path.join(work, 'retest') });
    const original = JSON.parse(fs.readFileSync(path.join(runDir, 'metrics.json'), 'utf8'));
    expect(result.metrics.image_auroc).toBe(original.image_auroc);
  });

  it('lists every registered model with its description', () => {
    const models = listModels();
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['padim', 'patchcore', 'dfkdm', 'conv-ae']));
    models.forEach((m) => expect(m.description.length).toBeGreaterThan(10));
  });

  it('stops at the next epoch when aborted, leaving a run to resume, and names a bad config key', async () => {
    const controller = new AbortController();
    const out = path.join(work, 'aborted');
    const run = train({ ...tinyRunConfig(work), training: { epochs: 5, batch_size: 8 } }, {
      out, signal: controller.signal, onProgress: (e) => e.stage === 'epoch' && e.epoch === 1 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(fs.existsSync(path.join(out, 'checkpoint'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'metrics.json'))).toBe(false);
    await expect(train({ ...tinyRunConfig(work), training: { epoch: 2 } })).rejects.toThrow("config: unknown key 'training.epoch'");
  });
});
