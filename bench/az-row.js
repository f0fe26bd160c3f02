// One anomaly-zoo measurement in its own process (a tfjs backend is chosen once per process):
//   node bench/az-row.js <row> <backend> <threads> <size> <batch> <steps> [file list]   (AZ_BENCH_WARMUP: warm-up steps, default 2;
//   AZ_ORT_SPINNING=1: mobilenet-ort with ONNX Runtime's spin-waiting threads)
// rows: convae-train, convae-head-train (output_conv: true), convae-infer, convae-infer-ort (the same network exported
// to ONNX and run by onnxruntime-node with <threads> threads), vae-train, mobilenet (the shipped backbone: batch norm folded, fused ops),
// mobilenet-ort (the same backbone exported to ONNX and run by onnxruntime-node with <threads> threads; tfjs only resizes),
// gemm (a [size² × 512] · [512 × 512] matrix product as a 1×1 conv: the ceiling the conv rows are read against), decode. Prints one JSON line (median ms per step).
const path = require('path');
const tf = require('@tensorflow/tfjs');

const ROOT = path.join(__dirname, '..');
const dist = (pkg) => require(path.join(ROOT, 'packages', pkg, 'dist'));
const GEMM_K = 512;
const RECON = { loss: 'mse', error_map: 'squared', map_sigma: 2, image_score: 'mean', ssim_window: 11 };

async function timed(fn, steps, warmup = Number(process.env.AZ_BENCH_WARMUP ?? 2)) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function trainStep(model) {
  const optimizer = tf.train.adam(1e-3);
  const variables = model.trainableVariables();
  return (x) => async () => {
    const cost = optimizer.minimize(() => model.loss(x), true, variables);
    await cost.data();
    cost.dispose();
  };
}

async function run(row, size, batch, steps, fileList) {
  const quiet = { log: () => undefined };
  const pre = { height: size, width: size, channels: 3 };
  const x = () => tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 1);
  if (row === 'convae-infer-ort') {
    const config = { channels: [32, 64, 128], latent_channels: 16, kernel_size: 3, output_conv: false, ...RECON };
    const model = dist('models/conv-ae').convAe.create(config, { preprocessing: pre, seed: 1, ...quiet });
    const { OnnxGraph, OrtSession } = dist('onnx');
    const g = new OnnxGraph('conv-ae');
    const image = g.input('image', ['batch', size, size, 3]);
    g.output('reconstruction', model.exportReconstruction(g, image));
    const session = await OrtSession.create(g.encode(), { threads: Number(process.argv[4]) || undefined });
    const images = { data: await x().data(), dims: [batch, size, size, 3] };
    return timed(() => session.run({ image: images }), steps);
  }
  if (row === 'convae-train' || row === 'convae-head-train' || row === 'convae-infer') {
    const config = { channels: [32, 64, 128], latent_channels: 16, kernel_size: 3, output_conv: row === 'convae-head-train', ...RECON };
    const model = dist('models/conv-ae').convAe.create(config, { preprocessing: pre, seed: 1, ...quiet });
    const images = x();
    if (row !== 'convae-infer') return timed(trainStep(model)(images), steps);
    return timed(async () => {
      const r = tf.tidy(() => model.reconstruct(images));
      await r.data();
      r.dispose();
    }, steps);
  }
  if (row === 'vae-train') {
    const config = { channels: [32, 64, 128], latent: 64, beta: 1, score: 'reconstruction', ...RECON };
    const model = dist('models/vae').vae.create(config, { preprocessing: pre, seed: 1, ...quiet });
    return timed(trainStep(model)(x()), steps);
  }
  if (row === 'mobilenet' || row === 'mobilenet-ort') {
    const { FeatureExtractor, pretrainedModelsDir } = dist('components');
    const dir = pretrainedModelsDir();
    if (!dir) throw new Error('error: no pretrained models dir (set ANOMALY_ZOO_MODELS)');
    // AZ_ORT_SPINNING=1: ONNX Runtime's threads spin between ops (its own default; OrtSession's is off, see there).
    const ort = { threads: Number(process.argv[4]) || undefined, spinning: process.env.AZ_ORT_SPINNING === '1' };
    const runtime = row === 'mobilenet-ort' ? new (dist('onnx').OnnxRuntime)(ort) : undefined;
    const extractor = await FeatureExtractor.load(
      { source: 'local', path: path.join(dir, 'mobilenet_v1_0.75_224'), layers: ['global_average_pooling2d_1'] }, { batchSize: batch, runtime });
    const images = x();
    return timed(async () => {
      const features = await extractor.pooledAsync(images);
      await features.data();
      features.dispose();
    }, steps);
  }
  if (row === 'gemm') {
    const a = tf.randomUniform([1, size, size, GEMM_K], 0, 1, 'float32', 1);
    const b = tf.randomUniform([1, 1, GEMM_K, GEMM_K], -0.1, 0.1, 'float32', 2);
    return timed(async () => {
      const product = tf.conv2d(a, b, 1, 'valid');
      await product.data();
      product.dispose();
    }, steps);
  }
  if (row === 'decode') {
    const { decodeImage } = dist('data');
    const files = require('fs').readFileSync(fileList, 'utf8').split('\n').filter(Boolean);
    const inFlight = 4; // sharp runs on libuv's pool (4 threads); more in flight only queues
    const ms = await timed(async () => {
      let next = 0;
      const worker = async () => { while (next < files.length) await decodeImage(files[next++], pre); };
      await Promise.all(Array.from({ length: inFlight }, worker));
    }, 3, 1);
    return { ms, batch: files.length };
  }
  throw new Error(`error: unknown row ${row}`);
}

async function main() {
  const [row, backend, threads, size, batch, steps, fileList] = process.argv.slice(2);
  const info = await dist('backend').initBackend({ backend, threads: threads === 'auto' ? 'auto' : Number(threads), log: () => undefined });
  const result = await run(row, Number(size), Number(batch), Number(steps), fileList);
  const ms = typeof result === 'number' ? result : result.ms;
  const images = typeof result === 'number' ? Number(batch) : result.batch;
  process.stdout.write(`${JSON.stringify({ row, backend: info.name, threads: info.threads, simd: info.simd, size: Number(size), batch: images, ms, img_s: (images * 1000) / ms })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
