// npm run bench: prints a table of conv-AE training / inference speed per available backend.
// Each row runs in a child process; nothing here is part of npm test.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const quick = process.argv.includes('--quick');
const rows = [];
const plans = [
  { backend: 'wasm', threads: '1' },
  { backend: 'wasm', threads: String(os.cpus().length) },
  { backend: 'cpu', threads: '1', slow: true },
  { backend: 'tensorflow', threads: 'auto' },
  { backend: 'tensorflow-gpu', threads: 'auto' },
];

for (const plan of plans) {
  for (const size of [64, 128]) {
    const steps = plan.slow ? 2 : quick ? 3 : size === 64 ? 10 : 5;
    try {
      const out = execFileSync(process.execPath, [path.join(__dirname, 'conv-ae-train.js'), plan.backend, plan.threads, String(size), String(steps)], {
        encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20 * 60 * 1000,
      });
      rows.push(JSON.parse(out.trim().split('\n').pop()));
    } catch (error) {
      const reason = String(error.stderr || error.message).trim().split('\n').find((l) => /error/i.test(l)) || 'failed';
      rows.push({ backend: plan.backend, threads: plan.threads, size, skipped: reason.slice(0, 120) });
      break;
    }
  }
}

const header = '| backend | threads | SIMD | input | batch | train ms/step | train img/s | infer img/s |\n|---|---|---|---|---|---|---|---|\n';
const body = rows.map((r) => r.skipped
  ? `| ${r.backend} | ${r.threads} | | ${r.size}² | | skipped: ${r.skipped} | | |`
  : `| ${r.backend} | ${r.threads} | ${r.simd ? 'yes' : 'no'} | ${r.size}² | ${r.batch} | ${r.train_ms_per_step.toFixed(0)} | ${r.train_img_s.toFixed(1)} | ${r.infer_img_s.toFixed(1)} |`).join('\n');
const table = `## conv AE (conv 32/64/128 stride 2, 1×1 bottleneck 16, mirrored transposed convs), Adam\n\n${header}${body}\n`;
const stamp = new Date().toISOString().slice(0, 10);
const meta = `\nmachine: ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}, ${new Date().toISOString()}\n`;
process.stdout.write(table + meta);
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'results', `${stamp}.md`), `# anomaly-zoo bench ${stamp}\n\n${table}${meta}`);
