// Measures what fusing would give the MobileNet feature extractor: the Keras LayersModel (conv → batch norm →
// ReLU6 as separate layers, as components/backbone runs it) against the same weights with batch norm folded into
// the conv weights and bias + ReLU6 fused into tf.fused.conv2d / depthwiseConv2d. Checks both give the same
// features, then prints img/s. Not part of npm test.
//   node bench/mobilenet-fused.js [threads] [batch] [steps]
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { foldedLayers, fusedForward } = require('./mobilenet-fold');

const ROOT = path.join(__dirname, '..');
const dist = (pkg) => require(path.join(ROOT, 'packages', pkg, 'dist'));

async function timed(fn, steps) {
  for (let i = 0; i < 2; i++) tf.dispose(await fn());
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const r = fn();
    await r.data();
    times.push(performance.now() - t0);
    r.dispose();
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}

async function main() {
  const [threads = '2', batch = '16', steps = '4'] = process.argv.slice(2);
  const info = await dist('backend').initBackend({ backend: 'wasm', threads: Number(threads), log: () => undefined });
  const dir = path.join(dist('components').pretrainedModelsDir(), 'mobilenet_v1_0.75_224');
  const model = await tf.loadLayersModel(dist('core').directoryIO(dir));
  const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('global_average_pooling2d_1').output });
  const layers = foldedLayers(model);
  const x = tf.randomUniform([Number(batch), 224, 224, 3], -1, 1, 'float32', 1);
  const a = features.predict(x);
  const b = fusedForward(layers, x);
  const error = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).div(tf.max(tf.abs(a))).dataSync()[0]);
  tf.dispose([a, b]);
  const layersMs = await timed(() => features.predict(x), Number(steps));
  const fusedMs = await timed(() => fusedForward(layers, x), Number(steps));
  const rate = (ms) => (Number(batch) * 1000) / ms;
  process.stdout.write(`${JSON.stringify({ threads: info.threads, batch: Number(batch), layers_img_s: rate(layersMs), fused_img_s: rate(fusedMs), speedup: layersMs / fusedMs, max_rel_error: error })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
