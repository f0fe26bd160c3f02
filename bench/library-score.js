// The library's score() against the command line's own scoring loop, on the same saved model and images:
//   node bench/library-score.js <run-dir> <image-folder> [--images 16] [--repeat 5]
// CLI loop: what tools/predict runs per batch (decodeInBatches, then model.score on the NHWC tensor), model loaded
// once, on the inference engine tools/predict picks (auto: ONNX Runtime when it loads). Library: anomaly-zoo's loadModel(run).score(paths), model loaded once. Both decode the same PNG files.
// Prints medians over the repeats (after one warm-up each) and the load average. Never part of npm test.
const fs = require('fs');
const os = require('os');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const root = path.join(__dirname, '..');
const { loadModel } = require(path.join(root, 'packages/anomaly-zoo/dist/index.js'));
const { chooseInferenceEngine, loadModelDir, resolveModelDir, scorerOn } = require(path.join(root, 'packages/engine/dist/index.js'));
const { decodeInBatches } = require(path.join(root, 'packages/engine/dist/predict/decode-batches.js'));

const [runDir, folder] = process.argv.slice(2);
const option = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const count = option('--images', 16);
const repeat = option('--repeat', 5);
if (!runDir || !folder) throw new Error('usage: node bench/library-score.js <run-dir> <image-folder> [--images 16] [--repeat 5]');

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timed(fn) {
  await fn(); // warm-up: lazily built kernels, caches
  const seconds = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await fn();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

async function main() {
  const files = fs.readdirSync(folder).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort().slice(0, count).map((f) => path.join(folder, f));
  if (files.length < count) throw new Error(`${folder}: only ${files.length} images, need ${count}`);
  const detector = await loadModel(runDir);
  const engine = await chooseInferenceEngine('auto', 'auto', () => undefined);
  const { model, manifest } = await loadModelDir(resolveModelDir(runDir), () => undefined, engine.runtime);
  const pre = manifest.preprocessing;
  const scoring = await scorerOn(engine.name, model, manifest.model, pre, () => undefined, engine.threads);
  const inputs = files.map((file) => ({ path: file, relative: path.basename(file) }));
  const load = [os.loadavg()[0]];

  const cliScores = [];
  const cli = await timed(async () => {
    cliScores.length = 0;
    for await (const batch of decodeInBatches(inputs, pre, count)) {
      const x = tf.tensor4d(batch.pixels, [batch.inputs.length, pre.height, pre.width, pre.channels]);
      cliScores.push(...(await scoring.scorer.score(x)).scores);
      x.dispose();
    }
  });
  load.push(os.loadavg()[0]);
  let libraryScores = [];
  const library = await timed(async () => {
    libraryScores = (await detector.score(files, { batchSize: count })).scores;
  });
  load.push(os.loadavg()[0]);
  const identical = libraryScores.every((s, i) => s === cliScores[i]);
  console.log(JSON.stringify({
    model: manifest.model, images: count, size: `${pre.height}x${pre.width}`, backend: tf.getBackend(), engine: scoring.engine, library_engine: detector.engine, repeat,
    cli_seconds: +cli.toFixed(3), library_seconds: +library.toFixed(3), ratio: +(library / cli).toFixed(3), identical_scores: identical,
    load_average: load.map((l) => +l.toFixed(2)),
  }));
  detector.dispose();
  await scoring.release();
  model.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
