// One measurement in its own process (a backend is chosen once per process):
//   node bench/conv-ae-train.js <backend> <threads> <size> <steps>
// Prints one JSON line: training and inference images per second of the conv AE at batch 32.
const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../packages/backend/dist');
const { convAe } = require('../packages/models/conv-ae/dist');

const BATCH = 32;

async function main() {
  const [backend, threads, size, steps] = process.argv.slice(2);
  const info = await initBackend({ backend, threads: threads === 'auto' ? 'auto' : Number(threads), log: () => undefined });
  const pre = { height: Number(size), width: Number(size), channels: 3 };
  const config = { channels: [32, 64, 128], latent_channels: 16, kernel_size: 3, loss: 'mse', error_map: 'squared', map_sigma: 2, image_score: 'mean', ssim_window: 11 };
  const model = convAe.create(config, { preprocessing: pre, seed: 1, log: () => undefined });
  const optimizer = tf.train.adam(1e-3);
  const variables = model.trainableVariables();
  const x = tf.randomUniform([BATCH, pre.height, pre.width, 3], 0, 1, 'float32', 1);
  const step = async () => {
    const cost = optimizer.minimize(() => model.loss(x), true, variables);
    await cost.data();
    cost.dispose();
  };
  const infer = async () => {
    const r = tf.tidy(() => tf.mean(tf.squaredDifference(x, model.reconstruct(x)), [1, 2, 3]));
    await r.data();
    r.dispose();
  };
  const timeIt = async (fn, n) => {
    await fn();
    await fn();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t0) / n;
  };
  const trainMs = await timeIt(step, Number(steps));
  const inferMs = await timeIt(infer, Number(steps));
  process.stdout.write(JSON.stringify({
    backend: info.name, threads: info.threads, simd: info.simd, size: Number(size), batch: BATCH,
    train_ms_per_step: trainMs, train_img_s: (BATCH * 1000) / trainMs, infer_img_s: (BATCH * 1000) / inferMs,
  }) + '\n');
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
