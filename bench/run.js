// npm run bench: anomaly-zoo vs a PyTorch reference of the same networks, side by side, plus conv-AE training per
// tfjs backend and the DFKDM / PaDiM scripts' tables when present. Writes bench/results/<date>.md.
//   npm run bench [-- --quick] [-- --repeat N]
// Every measurement runs in its own child process; anomaly-zoo and torch alternate row by row (the machine may be
// shared), and each row reports the median over the repeats of per-run median step times. Never part of npm test.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const flops = require('./flops');

const quick = process.argv.includes('--quick');
const skipCpu = quick || process.argv.includes('--no-cpu');
const externalQuick = quick || process.argv.includes('--external-quick');
const repeatArg = process.argv.indexOf('--repeat');
const REPEAT = repeatArg >= 0 ? Number(process.argv[repeatArg + 1]) : quick ? 1 : 2;
const THREADS = String(os.cpus().length);
const PYTHON = '/usr/bin/python3';
const MALARIA = path.join(__dirname, '..', '..', 'shared', 'datasets', 'malaria-dev', 'cell_images');
const BENCH_900 = path.join(__dirname, '..', 'datasets', 'bench', 'dfkdm-bottle-900', 'train', 'good');

const steps = (n) => String(quick ? Math.max(2, Math.ceil(n / 3)) : n);
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const loads = [];
const noteLoad = () => loads.push(os.loadavg()[0]);

function child(command, args, timeoutMin = 20, env = process.env) {
  noteLoad();
  const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMin * 60 * 1000, env });
  return JSON.parse(out.trim().split('\n').pop());
}

function reason(error) {
  const text = String(error.stderr || error.message).trim().split('\n');
  return (text.find((l) => /error/i.test(l)) || text[0] || 'failed').trim().slice(0, 140);
}

/** The libblas.so.3 that Debian's torch links to: reference BLAS makes its conv gradients ~6× slower. */
function blasInUse() {
  try {
    return fs.realpathSync('/etc/alternatives/libblas.so.3-x86_64-linux-gnu');
  } catch {
    return 'unknown';
  }
}

const PACKAGES = ['python3-torch', 'python3-pil', 'libopenblas0-pthread'];

/** Debian's python3-torch with OpenBLAS, installed here when missing (never in CI). */
function torchAvailable() {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, PIL'], { stdio: 'ignore' });
    if (!blasInUse().includes('openblas') && !process.env.CI) execFileSync('apt-get', ['install', '-y', 'libopenblas0-pthread'], { stdio: 'inherit' });
    return { ok: true };
  } catch {
    if (process.env.CI) return { ok: false, why: 'python3-torch not installed (not installed in CI)' };
    try {
      process.stderr.write('installing python3-torch (apt-get)…\n');
      execFileSync('apt-get', ['install', '-y', ...PACKAGES], { stdio: 'inherit' });
      execFileSync(PYTHON, ['-c', 'import torch, PIL'], { stdio: 'ignore' });
      return { ok: true };
    } catch (error) {
      return { ok: false, why: `python3-torch unavailable: ${reason(error)}` };
    }
  }
}

function fileList(dir, count, name) {
  if (!fs.existsSync(dir)) return undefined;
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (/\.(png|jpe?g)$/i.test(e.name)) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  if (files.length === 0) return undefined;
  const list = path.join(os.tmpdir(), `anomaly-zoo-bench-${name}.txt`);
  fs.writeFileSync(list, files.slice(0, count).join('\n'));
  return { list, count: Math.min(count, files.length) };
}

const ROWS = [
  { label: 'conv AE train 64², batch 32', az: ['convae-train', 64, 32, steps(8)], torch: ['convae-train', 64, 32, steps(8)], flops: flops.convAeTrain(64), target: 2.5 },
  { label: 'conv AE train 128², batch 32', az: ['convae-train', 128, 32, steps(4)], torch: ['convae-train', 128, 32, steps(6)], flops: flops.convAeTrain(128), target: 2 },
  { label: 'conv AE with output_conv (full-resolution 3×3 head) train 64², batch 32', az: ['convae-head-train', 64, 32, steps(6)], torch: ['convae-head-train', 64, 32, steps(4)], flops: flops.convAeHeadTrain(64) },
  { label: 'conv AE with output_conv train 128², batch 32', az: ['convae-head-train', 128, 32, steps(3)], torch: ['convae-head-train', 128, 32, steps(3)], flops: flops.convAeHeadTrain(128) },
  { label: 'conv AE infer 64², batch 32', az: ['convae-infer', 64, 32, steps(8)], torch: ['convae-infer', 64, 32, steps(8)], flops: flops.convAeInfer(64) },
  { label: 'conv AE infer 128², batch 32', az: ['convae-infer', 128, 32, steps(4)], torch: ['convae-infer', 128, 32, steps(4)], flops: flops.convAeInfer(128) },
  { label: 'VAE train 64², batch 32', az: ['vae-train', 64, 32, steps(8)], torch: ['vae-train', 64, 32, steps(4)], flops: flops.vaeTrain(64) },
  { label: 'MobileNet V1 0.75 features 224², batch 16', az: ['mobilenet', 224, 16, steps(4)], torch: ['mobilenet', 224, 16, steps(4)], flops: flops.mobilenet(224), target: 1 },
  { label: 'MobileNet V1 0.75 features 224², batch 16, **ONNX Runtime** (onnxruntime-node)', az: ['mobilenet-ort', 224, 16, steps(8)], torch: ['mobilenet', 224, 16, steps(4)], flops: flops.mobilenet(224), target: 3 },
  { label: 'conv AE infer 64², batch 32, **ONNX Runtime**', az: ['convae-infer-ort', 64, 32, steps(8)], torch: ['convae-infer', 64, 32, steps(8)], flops: flops.convAeInfer(64) },
  { label: 'conv AE infer 128², batch 32, **ONNX Runtime**', az: ['convae-infer-ort', 128, 32, steps(4)], torch: ['convae-infer', 128, 32, steps(4)], flops: flops.convAeInfer(128) },
  { label: 'fp32 matrix product 4096×512 · 512×512 (a 1×1 conv on wasm, torch.matmul; img/s = products/s)', az: ['gemm', 64, 1, steps(10)], torch: ['gemm', 64, 1, steps(10)], flops: flops.gemm(64), ceiling: true },
  { label: 'decode + resize to 64² (malaria cells, ~130² png)', files: () => fileList(MALARIA, 400, 'malaria'), az: ['decode', 64], torch: ['decode', 64] },
  { label: 'decode + resize to 224² (900² png)', files: () => fileList(BENCH_900, 60, 'png900'), az: ['decode', 224], torch: ['decode', 224] },
];

function sideBySide(torch) {
  const results = [];
  for (const row of ROWS) {
    if (row.skip) { results.push({ row, skipped: row.skip }); continue; }
    const files = row.files ? row.files() : null;
    if (row.files && !files) { results.push({ row, skipped: 'no images (run bench/dfkdm.js once to generate the 900² set)' }); continue; }
    const azArgs = (r) => [r[0], 'wasm', THREADS, String(r[1]), String(r[2] ?? 0), String(r[3] ?? 0), ...(files ? [files.list] : [])];
    const pyArgs = (r) => [path.join(__dirname, 'torch_ref.py'), r[0], String(r[1]), String(r[2] ?? 0), String(r[3] ?? 0), ...(files ? [files.list] : [])];
    const az = [];
    const py = [];
    let failed;
    for (let i = 0; i < REPEAT && !failed; i++) {
      try { az.push(child(process.execPath, [path.join(__dirname, 'az-row.js'), ...azArgs(row.az)])); } catch (error) { failed = `anomaly-zoo: ${reason(error)}`; }
      if (torch.ok) {
        try { py.push(child(PYTHON, pyArgs(row.torch), 20, torch.env)); } catch (error) { failed = `torch: ${reason(error)}`; }
      }
      process.stderr.write(`${row.label}: ${az.map((r) => r.img_s.toFixed(1)).join(', ')} img/s vs torch ${py.map((r) => r.img_s.toFixed(1)).join(', ')}\n`);
    }
    if (failed) { results.push({ row, skipped: failed }); continue; }
    const batch = az[0].batch;
    const azMs = median(az.map((r) => r.ms));
    const pyMs = py.length ? median(py.map((r) => r.ms)) : undefined;
    results.push({ row, batch, azMs, pyMs, azImgS: (batch * 1000) / azMs, pyImgS: pyMs && (batch * 1000) / pyMs, threads: az[0].threads });
  }
  return results;
}

function backendRows(sideResults) {
  const rows = [];
  const plans = [
    { backend: 'wasm', threads: '1' },
    { backend: 'wasm', threads: THREADS, reuse: true },
    ...(skipCpu ? [] : [{ backend: 'cpu', threads: '1', slow: true }]),
    { backend: 'tensorflow', threads: 'auto' },
    { backend: 'tensorflow-gpu', threads: 'auto' },
  ];
  for (const plan of plans) {
    for (const size of plan.slow ? [64] : [64, 128]) {
      if (plan.reuse) {
        const r = sideResults.find((s) => s.row.az[0] === 'convae-train' && s.row.az[1] === size && !s.skipped);
        if (r) { rows.push({ ...plan, size, ms: r.azMs, img_s: r.azImgS }); continue; }
      }
      try {
        const n = plan.slow ? '1' : steps(size === 64 ? 8 : 4);
        const env = plan.slow ? { ...process.env, AZ_BENCH_WARMUP: '1' } : process.env;
        const r = child(process.execPath, [path.join(__dirname, 'az-row.js'), 'convae-train', plan.backend, plan.threads, String(size), '32', n], 60, env);
        rows.push({ ...plan, threads: String(r.threads), size, ms: r.ms, img_s: r.img_s });
      } catch (error) {
        rows.push({ ...plan, size, skipped: reason(error) });
        break;
      }
    }
  }
  return rows;
}

function externalTable(script, args) {
  const file = path.join(__dirname, script);
  if (!fs.existsSync(file)) return undefined;
  try {
    noteLoad();
    return execFileSync(process.execPath, [file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 40 * 60 * 1000 }).trim();
  } catch (error) {
    return `${script} failed: ${reason(error)}`;
  }
}

const fmt = (v, d = 1) => (v === undefined ? '—' : v.toFixed(d));
/** Achieved GFLOP/s of a side-by-side result at `ms` per step. */
const gflops = (r, ms) => (r.row.flops * r.batch) / (ms * 1e6);

function sideTable(results, torch) {
  const lines = [
    `| workload | anomaly-zoo (wasm, ${THREADS} threads) ms | img/s | GFLOP/s | PyTorch ${torch.version} (${THREADS} threads) ms | img/s | GFLOP/s | ratio (img/s) | target |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    if (r.skipped) { lines.push(`| ${r.row.label} | skipped: ${r.skipped} | | | | | | | |`); continue; }
    const gf = (ms) => (r.row.flops && ms ? fmt(gflops(r, ms)) : '');
    const ratio = r.pyImgS ? r.azImgS / r.pyImgS : undefined;
    const target = r.row.target ? `≥ ${r.row.target}× ${ratio === undefined ? '' : ratio >= r.row.target ? 'met' : 'NOT met'}` : '';
    lines.push(`| ${r.row.label} | ${fmt(r.azMs, 0)} | ${fmt(r.azImgS)} | ${gf(r.azMs)} | ${fmt(r.pyMs, 0)} | ${fmt(r.pyImgS)} | ${gf(r.pyMs)} | ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`} | ${target} |`);
  }
  return lines.join('\n');
}

function backendTable(rows) {
  const target = { 64: 100, 128: 22 };
  const lines = ['| backend | threads | input | train ms/step | train img/s | target (wasm, 2 threads) |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    if (r.skipped) { lines.push(`| ${r.backend} | ${r.threads} | ${r.size}² | skipped: ${r.skipped} | | |`); continue; }
    const t = r.backend === 'wasm' && r.threads === '2' ? `≥ ${target[r.size]} ${r.img_s >= target[r.size] ? 'met' : 'NOT met'}` : '';
    lines.push(`| ${r.backend} | ${r.threads} | ${r.size}² | ${fmt(r.ms, 0)} | ${fmt(r.img_s)} | ${t} |`);
  }
  return lines.join('\n');
}

/** The rate each target would need (target × torch's GFLOP/s) beside the matrix-product row's rates. */
function ceilingTable(side) {
  const gemm = side.find((r) => r.row.ceiling && !r.skipped);
  if (!gemm) return 'the matrix-product row was not measured';
  const wasmCeiling = gflops(gemm, gemm.azMs);
  const lines = [
    `Largest fp32 matrix product rate (its row above): tfjs-wasm (XNNPACK, SIMD128) ${fmt(wasmCeiling)} GFLOP/s; ` +
      `native (torch.matmul, OpenBLAS) ${gemm.pyMs ? `${fmt(gflops(gemm, gemm.pyMs))} GFLOP/s` : 'not measured'}.`,
    '',
    '| workload | target | torch GFLOP/s | needed GFLOP/s | ÷ wasm matrix-product rate |',
    '|---|---|---|---|---|',
  ];
  for (const r of side) {
    if (r.skipped || !r.row.target || !r.row.flops || !r.pyMs) continue;
    const needed = gflops(r, r.pyMs) * r.row.target;
    lines.push(`| ${r.row.label} | ≥ ${r.row.target}× | ${fmt(gflops(r, r.pyMs))} | ${fmt(needed)} | ${(needed / wasmCeiling).toFixed(2)}× |`);
  }
  return lines.join('\n');
}

function main() {
  const started = new Date();
  const torch = torchAvailable();
  if (torch.ok) torch.version = execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  else torch.version = `(${torch.why})`;
  // Measured here (conv AE train 64²): OpenMP's default spin-waiting next to OpenBLAS' own threads oversubscribes
  // the cores (2650 ms/step); passive waiting gives torch its best time (412 ms), so the reference always uses it.
  torch.env = { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE', OPENBLAS_NUM_THREADS: THREADS };
  torch.note = `torch: OMP_WAIT_POLICY=${torch.env.OMP_WAIT_POLICY}, OPENBLAS_NUM_THREADS=${THREADS}, BLAS ${blasInUse()}`;
  const dfkdm = externalTable('dfkdm.js', externalQuick ? ['--quick'] : []);
  const side = sideBySide(torch);
  const backends = backendRows(side);
  const ceilings = ceilingTable(side);
  const padim = externalTable('padim.js', externalQuick ? ['--quick'] : []);
  noteLoad();
  const sections = [
    `## anomaly-zoo vs PyTorch (same networks and shapes)\n\n${sideTable(side, torch)}\n\n` +
      'ms: median per training step / inference batch / decode pass over the files. GFLOP/s: analytic conv + dense FLOPs ' +
      '(bench/flops.js; training = forward + weight gradient + input gradient except the first layer) over the measured time. ' +
      'Ratio: anomaly-zoo img/s ÷ PyTorch img/s (> 1: anomaly-zoo faster). Both sides use random inputs; MobileNet on the ' +
      'PyTorch side is the same architecture with random weights (timing only).',
    `## What the ratio targets need, against this machine's matrix-product rates\n\n${ceilings}\n\n` +
      'A ratio target needs anomaly-zoo to run at target × torch\'s rate; above 1× in the last column, even a conv as ' +
      'fast as the largest plain matrix product tfjs-wasm can do would miss it.',
    `## conv AE training per tfjs backend (the default conv-ae: conv 32/64/128 stride 2, 1×1 bottleneck 16, transposed convs 64/32/3, Adam, batch 32)\n\n${backendTable(backends)}`,
    ...(dfkdm ? [`## DFKDM (bench/dfkdm.js)\n\n${dfkdm}`] : []),
    ...(padim ? [`## PaDiM (bench/padim.js)\n\n${padim}`] : []),
  ];
  const meta = `machine: ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}, ${started.toISOString()} → ${new Date().toISOString()}; ` +
    `1-min load average at each measurement: min ${Math.min(...loads).toFixed(1)}, median ${median(loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)} ` +
    `(other jobs share these ${os.cpus().length} cores)${quick ? '; --quick' : ''}${skipCpu ? '; cpu-backend row skipped' : ''}` +
    `${externalQuick ? '; dfkdm.js / padim.js with --quick' : ''}; repeats per row: ${REPEAT}; ${torch.note ?? ''}`;
  const text = `${sections.join('\n\n')}\n\n${meta}\n`;
  process.stdout.write(text);
  const stamp = started.toISOString().slice(0, 10);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const file = path.join(__dirname, 'results', `${stamp}.md`);
  fs.writeFileSync(`${file}.tmp`, `# anomaly-zoo bench ${stamp}\n\n${text}`);
  fs.renameSync(`${file}.tmp`, file);
  process.stderr.write(`written ${path.relative(process.cwd(), file)}\n`);
}

main();
