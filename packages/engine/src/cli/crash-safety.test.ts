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
const EPOCHS = 8;

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
  epochs: ${EPOCHS}
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

  it('a kill after every epoch resumes byte-identically: same epoch losses, same scores.csv', () => {
    const reference = fs.readFileSync(path.join(work, 'reference', 'scores.csv'), 'utf8');
    const losses = (dir: string): string[] =>
      fs.readFileSync(path.join(dir, 'train-log.jsonl'), 'utf8').trim().split('\n')
        .map((line) => JSON.parse(line) as { epoch: number; train_loss: number; val_loss: number | null })
        .map((r) => `${r.epoch} ${r.train_loss} ${r.val_loss}`);
    const referenceLosses = losses(path.join(work, 'reference'));
    expect(referenceLosses).toHaveLength(EPOCHS);
    const outcomes: string[] = [];
    for (let epoch = 1; epoch < EPOCHS; epoch++) {
      const out = path.join(work, `killed-after-${epoch}`);
      // The documented test seam: the process SIGKILLs itself right after epoch `epoch`'s checkpoint.
      const killed = spawnSync(process.execPath, [path.join(repo, 'tools', 'train'), '--config', configFile, '--out', out],
        { cwd: work, encoding: 'utf8', env: { ...env, ANOMALY_ZOO_KILL_AFTER_EPOCH: String(epoch) } });
      expect({ epoch, signal: killed.signal }).toEqual({ epoch, signal: 'SIGKILL' });
      const resumed = train(['--resume', out]);
      expect({ epoch, code: resumed.status, stderr: resumed.status === 0 ? '' : resumed.stderr }).toEqual({ epoch, code: 0, stderr: '' });
      expect(resumed.stderr).toMatch(new RegExp(`resuming after epoch ${epoch}/${EPOCHS}`));
      const same = losses(out).join('\n') === referenceLosses.join('\n')
        && fs.readFileSync(path.join(out, 'scores.csv'), 'utf8').replace(new RegExp(`killed-after-${epoch}`, 'g'), 'reference') === reference;
      outcomes.push(`${epoch}: ${same ? 'identical' : 'DIFFERENT'}`);
    }
    expect(outcomes).toEqual(Array.from({ length: EPOCHS - 1 }, (_, i) => `${i + 1}: identical`));
  }, 240_000);

  it('refuses to resume a complete run or a missing one, naming it', () => {
    const result = train(['--resume', path.join(work, 'reference')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/reference: this run is already complete \(metrics\.json exists\)/);
    const missing = train(['--resume', path.join(work, 'no-such-run')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-run: run directory not found/);
  });
});
