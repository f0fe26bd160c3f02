import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRng } from '@anomaly-zoo/core';

// Kills tools/train with SIGKILL at seeded random moments and checks that every run directory it leaves is
// either complete (a whole metrics.json) or resumable (tools/train --resume finishes it).
const repo = path.resolve(__dirname, '../../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-crash-'));
const env = { ...process.env, TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' };
const KILLS = 10;

const config = `seed: 5
model:
  name: conv-ae
  channels: [8, 16]
  latent_channels: 4
data:
  format: synthetic
  root: ${path.join(work, 'data')}
  category: tiny
  image_size: 16
  synthetic:
    size: 32
    train: 24
    test_good: 6
    per_defect: 2
training:
  epochs: 8
  batch_size: 8
`;

function train(args: string[]): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [path.join(repo, 'tools', 'train'), ...args], { cwd: work, encoding: 'utf8', env });
}

function killAfter(ms: number, args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(repo, 'tools', 'train'), ...args], { cwd: work, env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isCompleteJson(file: string): boolean {
  try {
    const metrics = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return typeof metrics.image_auroc === 'number' && typeof metrics.threshold === 'number';
  } catch {
    return false;
  }
}

describe('crash safety', () => {
  const configFile = path.join(work, 'tiny.yaml');
  let fullRunMs = 0;

  beforeAll(() => {
    fs.writeFileSync(configFile, config);
    // One full run first: generates the data set (so kills land in training) and measures how long a run takes.
    const started = Date.now();
    const result = train(['--config', configFile, '--out', path.join(work, 'reference')]);
    expect(result.status).toBe(0);
    fullRunMs = Date.now() - started;
  });

  it(`leaves complete or resumable run directories after ${KILLS} SIGKILLs at random moments`, async () => {
    const rng = createRng(2024);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const out = path.join(work, `killed-${i}`);
      await killAfter(Math.round(rng.uniform(0.1, 1.1) * fullRunMs), ['--config', configFile, '--out', out]);
      const metrics = path.join(out, 'metrics.json');
      if (!fs.existsSync(out)) {
        outcomes.push('not started');
      } else if (fs.existsSync(metrics)) {
        expect(isCompleteJson(metrics)).toBe(true);
        outcomes.push('complete');
      } else {
        expect(fs.existsSync(path.join(out, 'config.yaml'))).toBe(true);
        const resumed = train(['--resume', out]);
        expect({ dir: out, code: resumed.status, stderr: resumed.status === 0 ? '' : resumed.stderr }).toEqual({ dir: out, code: 0, stderr: '' });
        expect(isCompleteJson(metrics)).toBe(true);
        // Temporary files a kill left mid-write are gone once the run is finished.
        const leftovers = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.tmp')) : []);
        expect([...leftovers(out), ...leftovers(path.join(out, 'checkpoint'))]).toEqual([]);
        outcomes.push('resumed');
      }
    }
    // The kills must really have interrupted runs, not only missed them on both ends.
    expect(outcomes.filter((o) => o === 'resumed').length).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('a resumed run scores exactly like the uninterrupted one', async () => {
    const reference = fs.readFileSync(path.join(work, 'reference', 'scores.csv'), 'utf8');
    const out = path.join(work, 'mid-training');
    // Kill once the third epoch's checkpoint exists, then resume.
    const child = spawn(process.execPath, [path.join(repo, 'tools', 'train'), '--config', configFile, '--out', out], { cwd: work, env, stdio: 'ignore' });
    const state = path.join(out, 'checkpoint', 'trainer-state.json');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const epoch = fs.existsSync(state) ? (JSON.parse(fs.readFileSync(state, 'utf8')) as { epoch: number }).epoch : 0;
        if (epoch >= 3 || child.exitCode !== null) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
    expect(fs.existsSync(path.join(out, 'metrics.json'))).toBe(false);
    const resumed = train(['--resume', out]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming after epoch [3-7]\/8/);
    expect(fs.readFileSync(path.join(out, 'scores.csv'), 'utf8').replace(/mid-training/g, 'reference')).toBe(reference);
  }, 120_000);

  it('refuses to resume a complete run or a missing one, naming it', () => {
    const result = train(['--resume', path.join(work, 'reference')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/reference: this run is already complete \(metrics\.json exists\)/);
    const missing = train(['--resume', path.join(work, 'no-such-run')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-run: run directory not found/);
  });
});
