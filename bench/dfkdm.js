// DFKDM speed: backbone throughput, and fit + test wall time on 300 generated 900×900 images split like MVTec
// bottle (209 train / 83 test), cold and warm feature cache, with peak resident memory; then the same with the
// backbone on ONNX Runtime (runtime.engine: onnxruntime; AZ_BENCH_ENGINE=onnxruntime in the child). Prints a table.
//   node bench/dfkdm.js [--quick]
// Each measurement runs in its own process (a tfjs backend is chosen once per process; peak RSS is per run).
// Needs the built packages (npx tsc -b tsconfig.build.json) and mobilenet_v1_0.75_224 in ../shared/models
// (or $ANOMALY_ZOO_MODELS). The images are generated once into datasets/bench/ (git-ignored).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureSyntheticSet } = require('./synthetic-set');

const ROOT = path.join(__dirname, '..');
const DATA_ROOT = path.join(ROOT, 'datasets', 'bench');
const CATEGORY = 'dfkdm-bottle-900';
// 209 train, 20 good + 3 kinds × 21 = 83 test images.
const SET = { root: DATA_ROOT, category: CATEGORY, size: 900, style: 'object', seed: 7, trainCount: 209, testGoodCount: 20, defectsPerType: 21 };
const BACKBONE = 'mobilenet_v1_0.75_224';
const BATCH = 16;
const TARGETS = { backboneImgS: 30, coldS: 15, warmS: 3, rssGB: 1.5, ortColdS: 5 };
// The ONNX Runtime cold run is repeated (each in its own process, with its own empty cache) and its median reported:
// on a shared 2-core machine one run varies by ±20 % with the neighbours' load.
const ORT_COLD_RUNS = 3;

/** ONNX Runtime for the backbone when AZ_BENCH_ENGINE=onnxruntime (as runtime.engine: onnxruntime gives models), else tfjs. */
function benchRuntime() {
  return process.env.AZ_BENCH_ENGINE === 'onnxruntime' ? new (dist('onnx').OnnxRuntime)() : undefined;
}

function dist(pkg) {
  return require(path.join(ROOT, 'packages', pkg, 'dist'));
}

function backboneDir() {
  const { pretrainedModelsDir } = dist('components');
  const root = pretrainedModelsDir();
  const dir = root && path.join(root, BACKBONE);
  if (!dir || !fs.existsSync(path.join(dir, 'model.json'))) throw new Error(`${BACKBONE} not found (set ANOMALY_ZOO_MODELS to ../shared/models)`);
  return dir;
}

async function startBackend() {
  const { initBackend } = dist('backend');
  return initBackend({ backend: process.env.TFJS_BACKEND ?? 'auto', threads: 'auto', log: () => undefined });
}

/** Child: pooled() img/s of the 0.75 MobileNet at 224², batch 16. */
async function childBackbone(rounds) {
  const tf = require('@tensorflow/tfjs');
  const info = await startBackend();
  const { FeatureExtractor } = dist('components');
  const extractor = await FeatureExtractor.load({ source: 'local', path: backboneDir(), layers: ['global_average_pooling2d_1'] }, { runtime: benchRuntime() });
  const x = tf.randomUniform([BATCH, 224, 224, 3], 0, 1, 'float32', 1);
  const warm = await extractor.pooledAsync(x);
  await warm.data();
  warm.dispose();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const features = await extractor.pooledAsync(x);
    await features.data();
    features.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { backend: extractor.engine === 'tfjs' ? info.name : extractor.engine, threads: info.threads, img_s: (rounds * BATCH) / seconds, cpu_ms_per_img: (used.user + used.system) / 1000 / (rounds * BATCH) };
}

/** A decoder that also records the wall time during which at least one decode was running. */
/** An ImageSet onDecode hook adding up the wall time during which at least one decode is running. */
function decodeTimer(busy) {
  let active = 0;
  let since = 0;
  return (_record, decoding) => {
    if (active++ === 0) since = performance.now();
    const done = () => {
      if (--active === 0) busy.seconds += (performance.now() - since) / 1000;
    };
    decoding.then(done, done);
  };
}

/** Child: fit on the 209 train images and score the 83 test images, as tools/train does (without validation). */
async function childRun() {
  const tf = require('@tensorflow/tfjs');
  const info = await startBackend();
  const { loadMvtec, ImageSet } = dist('data');
  const { DfkdmModel } = dist('models/dfkdm');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { train, test } = loadMvtec({ root: DATA_ROOT, category: CATEGORY });
  const pre = { height: 224, width: 224, channels: 3 };
  const busy = { seconds: 0 };
  const options = { cache: false, onDecode: decodeTimer(busy) };
  // The seed recipe, the one the table in the README was measured with, on the bench's backbone folder.
  const { loadRunConfig } = dist('engine');
  const run = loadRunConfig(path.join(ROOT, 'configs', 'dfkdm', 'seed-recipe.yaml'), [`model.backbone.path=${backboneDir()}`, 'model.backbone.fallback_to_hub=false']);
  const { name, ...config } = run.model;
  if (config.backbone.model !== BACKBONE) throw new Error(`configs/dfkdm/seed-recipe.yaml: the bench expects backbone ${BACKBONE}, not ${config.backbone.model}`);
  // The model reports each phase's seconds to its context's profiler (DfkdmPhase): added up here.
  const phases = { load: 0, input: 0, features: 0, density: 0 };
  const profiler = { span: (phase, seconds) => { phases[phase] += seconds; } };
  const ctx = { preprocessing: pre, seed: run.seed, log: () => undefined, runtime: benchRuntime(), profiler };
  const model = new DfkdmModel(config, ctx);
  await model.fit(new ImageSet(train, pre, options), ctx);
  // As tools/train scores: the whole test source at once (cached features are not even decoded).
  const scores = Array.from((await model.scoreSource(new ImageSet(test, pre, options))).scores);
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const labels = test.map((r) => r.label);
  const result = {
    backend: info.name, threads: info.threads, images: train.length + test.length, wall_s: wall, cpu_s: (used.user + used.system) / 1e6,
    decode_busy_s: busy.seconds, waiting_for_decode_s: phases.input, load_s: phases.load, features_s: phases.features, density_s: phases.density,
    counts: model.featureCounts, auroc: dist('eval').auroc(scores, labels), peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
  model.dispose();
  tf.disposeVariables();
  return result;
}

function inChild(args, env = {}) {
  const out = execFileSync(process.execPath, [__filename, '--child', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop());
}

function other(run) {
  return run.wall_s - run.waiting_for_decode_s - run.load_s - run.features_s - run.density_s;
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = args[1] === 'backbone' ? await childBackbone(Number(args[2])) : await childRun();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  const quick = args.includes('--quick');
  await ensureSyntheticSet(SET);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-bench-dfkdm-cache-'));
  const backbone = inChild(['backbone', String(quick ? 2 : 6)]);
  const cold = inChild(['run'], { ANOMALY_ZOO_CACHE: cacheDir });
  const warm = inChild(['run'], { ANOMALY_ZOO_CACHE: cacheDir });
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const ort = { AZ_BENCH_ENGINE: 'onnxruntime' };
  const ortBackbone = inChild(['backbone', String(quick ? 4 : 12)], ort);
  const ortColdRuns = Array.from({ length: ORT_COLD_RUNS }, () => {
    const ortCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-bench-dfkdm-cache-'));
    try {
      return inChild(['run'], { ...ort, ANOMALY_ZOO_CACHE: ortCacheDir });
    } finally {
      fs.rmSync(ortCacheDir, { recursive: true, force: true });
    }
  });
  const ortCold = [...ortColdRuns].sort((a, b) => a.wall_s - b.wall_s)[Math.floor(ORT_COLD_RUNS / 2)];

  const s = (v) => v.toFixed(2);
  const mark = (ok) => (ok ? 'met' : 'missed');
  const lines = [
    `DFKDM bench: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${backbone.backend} backend (${backbone.threads} threads), ${BACKBONE}`,
    '',
    row(['measure', 'value', 'target', '']),
    row(['---', '---', '---', '---']),
    row([`backbone img/s (224², batch ${BATCH})`, s(backbone.img_s), `≥ ${TARGETS.backboneImgS}`, mark(backbone.img_s >= TARGETS.backboneImgS)]),
    row([`fit + test, cold cache, s (${cold.images} images of 900²)`, s(cold.wall_s), `≤ ${TARGETS.coldS}`, mark(cold.wall_s <= TARGETS.coldS)]),
    row(['fit + test, warm cache, s', s(warm.wall_s), `≤ ${TARGETS.warmS}`, mark(warm.wall_s <= TARGETS.warmS)]),
    row(['CPU seconds, all threads (cold / warm)', `${s(cold.cpu_s)} / ${s(warm.cpu_s)}`, '', '']),
    row(['backbone CPU ms per image', s(backbone.cpu_ms_per_img), '', '']),
    row(['peak RSS, GB (cold / warm)', `${(cold.peak_rss_bytes / 1e9).toFixed(2)} / ${(warm.peak_rss_bytes / 1e9).toFixed(2)}`, `≤ ${TARGETS.rssGB}`, mark(Math.max(cold.peak_rss_bytes, warm.peak_rss_bytes) <= TARGETS.rssGB * 1e9)]),
    '',
    row(['phase (s)', 'cold', 'warm']),
    row(['---', '---', '---']),
    row(['decode busy (≥ 1 decode running; overlaps the rest)', s(cold.decode_busy_s), s(warm.decode_busy_s)]),
    row(['waiting for decoded batches (fit and test)', s(cold.waiting_for_decode_s), s(warm.waiting_for_decode_s)]),
    row(['features (backbone or cache)', s(cold.features_s), s(warm.features_s)]),
    row(['density (PCA + scaling + KDE fit and scoring)', s(cold.density_s), s(warm.density_s)]),
    row(['backbone load', s(cold.load_s), s(warm.load_s)]),
    row(['other (listing, batching, …)', s(other(cold)), s(other(warm))]),
    row(['backbone / cache images', `${cold.counts.computed} / ${cold.counts.cached}`, `${warm.counts.computed} / ${warm.counts.cached}`]),
    row(['image AUROC (generated defects)', cold.auroc.toFixed(4), warm.auroc.toFixed(4)]),
    '',
    `Backbone on ONNX Runtime (onnxruntime-node, ${os.availableParallelism()} threads; decoding and the density stay as above), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}:`,
    '',
    row(['measure', 'value', 'target', '']),
    row(['---', '---', '---', '---']),
    row([`backbone img/s (224², batch ${BATCH})`, s(ortBackbone.img_s), '', '']),
    row([`fit + test, cold cache, s (${ortCold.images} images of 900²; median of ${ORT_COLD_RUNS} runs: ${ortColdRuns.map((r) => s(r.wall_s)).join(', ')})`, s(ortCold.wall_s), `≤ ${TARGETS.ortColdS}`, mark(ortCold.wall_s <= TARGETS.ortColdS)]),
    row(['CPU seconds, all threads (median run)', s(ortCold.cpu_s), '', '']),
    row(['features / waiting for decoded batches / density, s', `${s(ortCold.features_s)} / ${s(ortCold.waiting_for_decode_s)} / ${s(ortCold.density_s)}`, '', '']),
    row(['peak RSS, GB', (ortCold.peak_rss_bytes / 1e9).toFixed(2), `≤ ${TARGETS.rssGB}`, mark(ortCold.peak_rss_bytes <= TARGETS.rssGB * 1e9)]),
    row(['image AUROC (generated defects)', ortCold.auroc.toFixed(4), '', '']),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
