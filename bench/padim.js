// PaDiM fit + test time and peak RSS on 292 generated 900×900 MVTec-layout images (209 train / 83 test),
// decoded to 224², one row per configuration, each in its own process (for its own peak RSS):
//   node bench/padim.js [--quick] [--json] [--data DIR]
// Needs the build (npx tsc -b tsconfig.build.json) and the MobileNet weights ($ANOMALY_ZOO_MODELS or ../shared/models).
// Prints a Markdown table (or, with --json, one JSON line per row). Never part of npm test.
const { execFileSync } = require('child_process');
const os = require('os');
const path = require('path');
const { ensureSyntheticSet } = require('./synthetic-set');

const TRAIN = 209;
const TEST_GOOD = 23;
const PER_DEFECT = 20; // × 3 kinds = 60 → 83 test images
const SIZE = 900;
const CATEGORY = 'padim-bench-900';

const ROWS = [
  { label: 'MobileNet 0.75, pw5+pw11, d=100 (default)', model: {} },
  { label: 'MobileNet 0.75, pw5+pw11, d=50', model: { dims: 50 } },
  { label: 'MobileNet 0.75, pw5 only, d=100', model: { backbone: { layers: ['conv_pw_5_relu'] } } },
  { label: 'MobileNet 0.25, pw5+pw11, d=100', model: { backbone: { model: 'mobilenet_v1_0.25_224', alpha: 0.25 } } },
  { label: 'MobileNet 0.75, pw5+pw11, d=100 (default), backbone on ONNX Runtime (target fit+test ≤ 8 s)', model: {}, engine: 'onnxruntime' },
];

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function ensureData(root) {
  return ensureSyntheticSet({ root, category: CATEGORY, size: SIZE, seed: 0, style: 'object', trainCount: TRAIN, testGoodCount: TEST_GOOD, defectsPerType: PER_DEFECT });
}

/** Child: one configuration, timed from the file list to the last test map. */
async function runRow(root, row) {
  const { initBackend } = require('../packages/backend/dist');
  const { ImageSet, loadMvtec, decodeMask } = require('../packages/data/dist');
  const { resolveRunConfig, scorerOn } = require('../packages/engine/dist');
  const { getModel } = require('../packages/registry/dist');
  const { auroc, pixelAuroc } = require('../packages/eval/dist');

  const backend = await initBackend({ backend: 'auto', threads: 'auto', log: () => undefined });
  const config = resolveRunConfig({ seed: 42, model: { name: 'padim', ...row.model }, data: { format: 'mvtec', root, category: CATEGORY, image_size: 224 } }, 'bench/padim.js');
  const { name, ...modelConfig } = config.model;
  const pre = { height: 224, width: 224, channels: 3 };
  const runtime = row.engine === 'onnxruntime' ? new (require('../packages/onnx/dist').OnnxRuntime)() : undefined;
  const ctx = { preprocessing: pre, seed: 42, log: () => undefined, runtime };
  const { train, test } = loadMvtec({ root, category: CATEGORY });
  const model = getModel(name).create(modelConfig, ctx);

  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  await model.fit(new ImageSet(train, pre), ctx);
  const fitted = performance.now();
  // Test scores as tools/test does on this row's engine: on ONNX Runtime, the model's exported graph (scorerOn).
  const scoring = await scorerOn(runtime ? 'onnxruntime' : 'tfjs', model, name, pre, (line) => process.stderr.write(`${line}\n`));
  const scores = [];
  const maps = [];
  for await (const batch of new ImageSet(test, pre).batches({ batchSize: 32 })) {
    const result = await scoring.scorer.score(batch.x, { maps: true });
    batch.x.dispose();
    scores.push(...result.scores);
    maps.push(...result.maps);
  }
  const done = performance.now();
  const cpu = process.cpuUsage(cpuStarted);
  await scoring.release();
  model.dispose();

  const masks = await Promise.all(test.map((r) => (r.maskPath ? decodeMask(r.maskPath, pre) : new Uint8Array(224 * 224))));
  return {
    label: row.label, backend: `${runtime ? 'onnxruntime + ' : ''}${backend.name} (${backend.threads} threads)`, train: train.length, test: test.length,
    fit_s: (fitted - started) / 1000, test_s: (done - fitted) / 1000, total_s: (done - started) / 1000,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    image_auroc: auroc(scores, test.map((r) => r.label)), pixel_auroc: pixelAuroc(maps, masks),
  };
}

async function main() {
  const root = path.resolve(arg('--data') ?? path.join(os.tmpdir(), 'anomaly-zoo-bench'));
  const rowArg = arg('--row');
  if (rowArg !== undefined) {
    process.stdout.write(JSON.stringify(await runRow(root, ROWS[Number(rowArg)])) + '\n');
    return;
  }
  await ensureData(root);
  const plan = process.argv.includes('--quick') ? [0, ROWS.length - 1] : ROWS.map((_, i) => i);
  const results = [];
  for (const i of plan) {
    try {
      const out = execFileSync(process.execPath, [__filename, '--row', String(i), '--data', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60 * 1000 });
      results.push(JSON.parse(out.trim().split('\n').pop()));
    } catch (error) {
      results.push({ label: ROWS[i].label, failed: String(error.message).split('\n')[0].slice(0, 120) });
    }
  }
  if (process.argv.includes('--json')) {
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const f = (v, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '');
  const load = os.loadavg().map((v) => v.toFixed(1)).join(' ');
  const lines = [
    `PaDiM on ${TRAIN} train + ${TEST_GOOD + 3 * PER_DEFECT} test generated ${SIZE}×${SIZE} images at 224², 28×28 grid; ${os.cpus().length} cores, load average ${load}`,
    '',
    '| configuration | backend | fit s | test s | fit+test s | CPU s (all threads) | peak RSS MB | image AUROC | pixel AUROC |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => (r.failed
      ? `| ${r.label} | failed: ${r.failed} | | | | | | | |`
      : `| ${r.label} | ${r.backend} | ${f(r.fit_s)} | ${f(r.test_s)} | ${f(r.total_s)} | ${f(r.cpu_s)} | ${f(r.peak_rss_mb, 0)} | ${f(r.image_auroc, 3)} | ${f(r.pixel_auroc, 3)} |`)),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
