import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// These tests run the real commands a person types (tools/train, tools/test) against the compiled packages.
const repo = path.resolve(__dirname, '../../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-cli-'));

function run(tool: 'train' | 'test', args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repo, 'tools', tool), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, TFJS_BACKEND: 'wasm' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeConfig(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

function expectOneLineUserError(result: ReturnType<typeof run>, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('error: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const synthetic = `seed: 3
model:
  name: conv-ae
  channels: [16, 32]
  latent_channels: 8
data:
  format: synthetic
  root: ${path.join(work, 'data')}
  category: tiny
  image_size: 32
  synthetic:
    size: 64
    train: 40
    test_good: 10
    per_defect: 5
training:
  epochs: 12
  batch_size: 8
  learning_rate: 0.003
`;

describe('tools/train and tools/test', () => {
  it('exit 1 with one line naming the file for a YAML syntax error', () => {
    const file = writeConfig('syntax.yaml', 'model: [conv-ae\n');
    expectOneLineUserError(run('train', ['--config', file]), new RegExp(`syntax\\.yaml:\\d+:\\d+: YAML syntax error`));
  });

  it('exit 1 naming an unknown key and a wrong type', () => {
    expectOneLineUserError(run('train', ['--config', writeConfig('unknown.yaml', `${synthetic}oops: 1\n`)]), /unknown key 'oops'/);
    expectOneLineUserError(run('train', ['--config', writeConfig('type.yaml', synthetic), '--set', 'training.batch_size=many']), /training\.batch_size: must be integer/);
  });

  it('exit 1 naming a missing data directory', () => {
    const file = writeConfig('missing.yaml', 'model:\n  name: conv-ae\ndata:\n  format: mvtec\n  root: /nonexistent/mvtec\n  category: bottle\n');
    expectOneLineUserError(run('train', ['--config', file]), /\/nonexistent\/mvtec: data root folder not found/);
  });

  it('exit 1 for a missing --config argument', () => {
    expect(run('train', []).code).toBe(1);
  });

  it('trains end to end, writes a complete run, and tools/test re-scores it identically', () => {
    const out = path.join(work, 'run');
    const trained = run('train', ['--config', writeConfig('synthetic.yaml', synthetic), '--out', out]);
    expect(trained.stderr).toMatch(/backend: wasm/);
    expect(trained.code).toBe(0);
    for (const file of ['metrics.json', 'scores.csv', 'config.yaml', 'train-log.jsonl', 'model/model.json', 'model/weights.bin', 'model/anomaly-zoo.json']) {
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    }
    const metrics = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    for (const key of ['image_auroc', 'image_aupr', 'image_f1', 'image_f1_baseline', 'image_f1max', 'threshold', 'pixel_auroc', 'backend', 'fit_seconds', 'test_seconds']) {
      expect(metrics).toHaveProperty(key);
    }
    expect(metrics.backend).toBe('wasm');
    // 10 good + 3 kinds × 5 defects: all-anomalous F1 = 2·15/(2·15+10).
    expect(metrics.image_f1_baseline).toBeCloseTo(30 / 40, 6);
    expect(metrics.image_auroc).toBeGreaterThan(0.85);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'model/anomaly-zoo.json'), 'utf8'));
    expect(manifest.preprocessing).toEqual({ height: 32, width: 32, channels: 3 });
    expect(manifest.threshold.value).toBe(metrics.threshold);

    const retestDir = path.join(work, 'retest');
    const retested = run('test', ['--run', out, '--out', retestDir]);
    expect(retested.code).toBe(0);
    const firstScores = fs.readFileSync(path.join(out, 'scores.csv'), 'utf8');
    expect(fs.readFileSync(path.join(retestDir, 'scores.csv'), 'utf8')).toBe(firstScores);

    // Re-thresholding: a new folder beside the run, the run's own scores untouched; bad requests are one-line errors.
    const rethresholded = run('test', ['--run', out, '--set', 'evaluation.threshold.strategy=target_fpr', '--set', 'evaluation.threshold.target_fpr=0.25']);
    expect(rethresholded.code).toBe(0);
    expect(rethresholded.stdout).toMatch(/results: .*\/evaluations\/\d{8}-\d{6}-target_fpr\n/);
    expect(rethresholded.stdout).toMatch(/\(target_fpr\)/);
    expect(fs.readFileSync(path.join(out, 'scores.csv'), 'utf8')).toBe(firstScores);
    expectOneLineUserError(run('test', ['--run', out, '--set', 'evaluation.validation.synthetic_anomalies=4']), /the run saved 0 synthetic anomalies; 4 need a new training run/);
    expectOneLineUserError(run('test', ['--run', out, '--update-model']), /--update-model: only with a new threshold/);
  });
});
