import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { loadGrid } from './grid';
import { expandJobs } from './jobs';

// Runs the real tools/benchmark (compiled) on a tiny grid: two real training jobs, then resumes.
const repo = path.resolve(__dirname, '../../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-bench-'));
const out = path.join(work, 'out');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeGrid(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

const tinyGrid = `name: tiny
out: ${out}
seeds: [1]
set: [data.image_size=32, training.epochs=1, training.batch_size=8]
models:
  - name: conv-ae
    config: ${path.join(repo, 'configs/conv-ae/synthetic.yaml')}
    set: ['model.channels=[8, 16]', model.latent_channels=4]
datasets:
  - name: texture
    set: [data.root=${path.join(work, 'data')}, data.category=texture, 'data.synthetic={size: 32, train: 16, test_good: 4, per_defect: 2}']
  - name: object
    set: [data.root=${path.join(work, 'data')}, data.category=object, 'data.synthetic={size: 32, style: object, train: 16, test_good: 4, per_defect: 2}']
`;

function benchmark(grid: string) {
  const result = spawnSync(process.execPath, [path.join(repo, 'tools', 'benchmark'), '--grid', grid, '--jobs', '2'], {
    cwd: work, encoding: 'utf8', env: { ...process.env, TFJS_BACKEND: 'wasm' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function csvRows(): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(out, 'benchmark.csv'), 'utf8').trim().split('\n');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [header!.split(',')[i]!, v])));
}

const metricsFile = (dataset: string) => path.join(out, 'conv-ae', dataset, 'seed1', 'metrics.json');

describe('tools/benchmark', () => {
  it('runs every job once, skips finished jobs on re-run, and re-runs only a job that lost its metrics', () => {
    const grid = writeGrid('tiny.yaml', tinyGrid);
    const first = benchmark(grid);
    expect(first.stderr).toMatch(/2 jobs, 0 already finished, 2 to run/);
    expect(first.code).toBe(0);
    let rows = csvRows();
    expect(rows.map((r) => [r.dataset, r.status])).toEqual([['texture', 'ran'], ['object', 'ran']]);
    for (const row of rows) {
      const metrics = JSON.parse(fs.readFileSync(metricsFile(row.dataset!), 'utf8'));
      expect(Number(row.image_auroc)).toBe(metrics.image_auroc);
      expect(Number(row.image_f1_trivial)).toBe(metrics.image_f1_baseline);
      expect(row.backend).toBe('wasm');
      // The child's own peak RSS: a tfjs process holds at least tens of MB.
      expect(Number(row.peak_rss_mb)).toBeGreaterThan(30);
    }
    for (const file of ['benchmark.md', 'benchmark.html']) expect(fs.readFileSync(path.join(out, file), 'utf8')).toMatch(/image AUROC/);

    const stamps = ['texture', 'object'].map((d) => fs.statSync(metricsFile(d)).mtimeMs);
    const second = benchmark(grid);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/2 jobs, 2 already finished, 0 to run/);
    expect(second.stderr).not.toMatch(/start /);
    rows = csvRows();
    expect(rows.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(['texture', 'object'].map((d) => fs.statSync(metricsFile(d)).mtimeMs)).toEqual(stamps);

    fs.rmSync(metricsFile('object'));
    const third = benchmark(grid);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/2 jobs, 1 already finished, 1 to run/);
    expect(third.stderr).toMatch(/start conv-ae\/object\/seed1/);
    expect(csvRows().map((r) => r.status)).toEqual(['skipped', 'ran']);

    // A changed grid keeps finished jobs but says which ones ran with other settings.
    const changed = benchmark(writeGrid('tiny.yaml', tinyGrid.replace('training.epochs=1', 'training.epochs=2')));
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/2 jobs, 2 already finished, 0 to run/);
    expect(changed.stderr.match(/finished with other settings/g)).toHaveLength(2);

    // --list prints the unfinished jobs' tools/train commands for another runner, and runs nothing.
    fs.rmSync(metricsFile('texture'));
    const listed = spawnSync(process.execPath, [path.join(repo, 'tools', 'benchmark'), '--grid', grid, '--list'], { cwd: work, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`tools/train --config \\S+ .*--set seed=1 --out ${path.join(out, 'conv-ae', 'texture', 'seed1')}$`));
    expect(fs.existsSync(metricsFile('texture'))).toBe(false);
  }, 180000);

  it('reports a failed job, keeps the others, and exits 1', () => {
    const broken = tinyGrid.replace(`  - name: object\n    set: [`, `  - name: object\n    set: [training.epochs=0, `).replace(out, path.join(work, 'out-broken'));
    const result = benchmark(writeGrid('broken.yaml', broken));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/conv-ae\/object\/seed1: FAILED/);
    expect(result.stderr).toMatch(/error: 1 job failed/);
  }, 180000);
});

describe('loadGrid', () => {
  it('expands models × data sets × seeds with overrides in order', () => {
    const grid = loadGrid(writeGrid('g.yaml', `${tinyGrid.replace('seeds: [1]', 'seeds: [1, 2]')}`));
    const jobs = expandJobs(grid);
    expect(jobs.map((j) => j.id)).toEqual(['conv-ae/texture/seed1', 'conv-ae/texture/seed2', 'conv-ae/object/seed1', 'conv-ae/object/seed2']);
    expect(jobs[3]!.overrides[0]).toBe('data.image_size=32');
    expect(jobs[3]!.overrides[jobs[3]!.overrides.length - 1]).toBe('seed=2');
    expect(jobs[3]!.outDir).toBe(path.join(out, 'conv-ae', 'object', 'seed2'));
  });

  it('names the key of a bad grid in one line', () => {
    expect(() => loadGrid(writeGrid('bad.yaml', `${tinyGrid}jobz: 2\n`))).toThrow(/bad\.yaml: unknown key 'jobz'/);
    expect(() => loadGrid(writeGrid('bad2.yaml', tinyGrid.replace(/config: .*/, 'config: nowhere.yaml')))).toThrow(UserError);
    expect(() => loadGrid(writeGrid('bad2.yaml', tinyGrid.replace(/config: .*/, 'config: nowhere.yaml')))).toThrow(/models\[0\]\.config: nowhere\.yaml not found/);
  });
});
