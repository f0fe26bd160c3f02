const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../packages/backend/dist');
const { convAe } = require('../packages/models/conv-ae/dist');
async function main() {
  const [threads, size] = process.argv.slice(2).map(Number);
  await initBackend({ backend: 'wasm', threads, log: () => undefined });
  const pre = { height: size, width: size, channels: 3 };
  const config = { channels: [32, 64, 128], latent_channels: 16, kernel_size: 3, loss: 'mse', error_map: 'squared', map_sigma: 2, image_score: 'mean', ssim_window: 11 };
  const model = convAe.create(config, { preprocessing: pre, seed: 1, log: () => undefined });
  const opt = tf.train.adam(1e-3);
  const vars = model.trainableVariables();
  const x = tf.randomUniform([32, size, size, 3], 0, 1, 'float32', 1);
  const step = async () => { const c = opt.minimize(() => model.loss(x), true, vars); await c.data(); c.dispose(); };
  await step(); await step();
  const agg = {};
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const p = await tf.profile(step);
    total += performance.now() - t0;
    for (const k of p.kernels) {
      const key = k.name + ' ' + JSON.stringify(k.inputShapes);
      agg[key] = (agg[key] || 0) + k.kernelTimeMs / 3;
    }
  }
  const rows = Object.entries(agg).sort((a, b) => b[1] - a[1]);
  const byName = {};
  for (const [k, v] of rows) { const n = k.split(' ')[0]; byName[n] = (byName[n] || 0) + v; }
  console.log('step wall (profiled) ms', (total / 3).toFixed(0), 'kernel sum', rows.reduce((a, r) => a + r[1], 0).toFixed(0));
  console.log(Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(1)}\t${k}`).join('\n'));
  console.log('---');
  console.log(rows.slice(0, 25).map(([k, v]) => `${v.toFixed(1)}\t${k}`).join('\n'));
  process.exit(0);
}
main();
