// Behaviour check for refactors: trains every configs/*/synthetic.yaml with this checkout's tools and records the
// sha256 of each run's scores.csv, so two checkouts (before and after a change) can be compared byte for byte.
//   node bench/synthetic-scores.js --out DIR                 # writes DIR/<model>/ (the runs) and DIR/scores.sha256
//   node bench/synthetic-scores.js --compare DIR_A DIR_B     # exits 1 and names each config whose scores differ
// Each run gets its own fresh feature cache (DIR/cache/<model>); the generated data lie in DIR/data, made by the first
// config that asks for each category and shared by the configs with the same settings (the generator is seeded, and
// checks a category's settings against its marker). Nothing is shared between the two checkouts but the configs'
// seeds. Training runs in DIR with data.root=data, so the image paths written in scores.csv are the same whichever
// DIR and checkout. Not part of npm test: it trains eight models (~5–10 min).
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const REPO = path.join(__dirname, '..');
const MANIFEST = 'scores.sha256';

function syntheticConfigs() {
  const root = path.join(REPO, 'configs');
  return fs
    .readdirSync(root)
    .filter((model) => fs.existsSync(path.join(root, model, 'synthetic.yaml')))
    .sort()
    .map((model) => ({ model, file: path.join(root, model, 'synthetic.yaml') }));
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function record(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const lines = [];
  for (const { model, file } of syntheticConfigs()) {
    const runDir = path.join(outDir, model);
    const started = Date.now();
    execFileSync(
      path.join(REPO, 'tools', 'train'),
      ['--config', file, '--set', 'data.root=data', '--out', runDir],
      { cwd: outDir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ANOMALY_ZOO_CACHE: path.join(outDir, 'cache', model) } },
    );
    const line = `${sha256(path.join(runDir, 'scores.csv'))}  ${model}`;
    lines.push(line);
    console.log(`${line}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const manifest = path.join(outDir, MANIFEST);
  fs.writeFileSync(`${manifest}.tmp`, `${lines.join('\n')}\n`);
  fs.renameSync(`${manifest}.tmp`, manifest);
}

function readManifest(dir) {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${file}: missing (record it first with --out ${dir})`);
  return new Map(
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/))
      .map(([hash, model]) => [model, hash]),
  );
}

function compare(dirA, dirB) {
  const a = readManifest(dirA);
  const b = readManifest(dirB);
  const models = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differing = models.filter((model) => a.get(model) !== b.get(model));
  for (const model of models) console.log(`${a.get(model) === b.get(model) ? 'same     ' : 'DIFFERENT'}  ${model}`);
  if (differing.length > 0) {
    console.error(`scores.csv differs for: ${differing.join(', ')}`);
    process.exit(1);
  }
  console.log(`all ${models.length} synthetic configs byte-identical`);
}

const args = process.argv.slice(2);
try {
  if (args[0] === '--out' && args[1]) record(path.resolve(args[1]));
  else if (args[0] === '--compare' && args[1] && args[2]) compare(args[1], args[2]);
  else throw new Error('usage: node bench/synthetic-scores.js --out DIR | --compare DIR_A DIR_B');
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
