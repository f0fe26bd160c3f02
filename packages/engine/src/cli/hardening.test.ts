import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { expectSuccess, expectUserError, Outcome, REPO, runTool, startTool, Tool } from './test-utils/run-tool';
import { makeCategory, png, tinyRunConfig } from './test-utils/tiny-category';

// Hostile and careless use of the real tools (issue 15): output paths, saved-model files, config keys, input
// walks, run locks, signals and full disks. Each case drives the compiled CLI and checks the one-line outcome.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-hard-'));
fs.chmodSync(work, 0o755);
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const run = path.join(work, 'run');
const input = path.join(work, 'input');

const tool = (name: Tool, args: string[], options: { uid?: number; timeoutMs?: number } = {}): Outcome => runTool(name, args, { cwd: work, ...options });

/** The tiny run config; `extra` is appended (top-level sections). */
function config(extra = ''): string {
  return tinyRunConfig(path.join(work, 'data'), { tail: `evaluation:\n  bootstrap:\n    resamples: 0\n${extra}` });
}

function writeConfig(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A copy of the trained run's model/ folder to corrupt. */
function modelCopy(name: string): string {
  const dir = path.join(work, 'models', name);
  fs.cpSync(path.join(run, 'model'), dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

const predict = (args: string[], options: { uid?: number } = {}): Outcome => tool('predict', ['--run', run, '--input', input, ...args], options);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const lockPid = (dir: string): number | undefined => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
};

beforeAll(async () => {
  await makeCategory(path.join(work, 'data'));
  for (let i = 0; i < 4; i++) await png(path.join(input, i < 2 ? 'a' : '', `in-${i}.png`), 200 + i);
  expectSuccess(tool('train', ['--config', writeConfig('run.yaml', config()), '--out', run]));
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('1 one output-path policy', () => {
  it('predict --out refuses a FIFO, a device node and a symbolic link, and leaves each as it was', () => {
    const fifo = path.join(work, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectUserError(predict(['--out', fifo]), /fifo: is a FIFO; only regular files are written/);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);

    const target = path.join(work, 'precious.txt');
    fs.writeFileSync(target, 'keep me');
    const link = path.join(work, 'link.csv');
    fs.symlinkSync(target, link);
    expectUserError(predict(['--out', link, '--force']), /link\.csv: is a symbolic link; only regular files are written/);
    expect([fs.lstatSync(link).isSymbolicLink(), fs.readFileSync(target, 'utf8')]).toEqual([true, 'keep me']);

    if (isRoot) {
      const device = path.join(work, 'null-device');
      expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0);
      expectUserError(predict(['--out', device, '--force']), /null-device: is a device; only regular files are written/);
      expect(fs.lstatSync(device).isCharacterDevice()).toBe(true);
    }
  });

  it('predict --out never overwrites without --force, and never a run\'s own files even with it', () => {
    const existing = path.join(work, 'old.csv');
    fs.writeFileSync(existing, 'old');
    expectUserError(predict(['--out', existing]), /old\.csv: already exists; pass --force to replace it/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('old');
    expectSuccess(predict(['--out', existing, '--force']));
    expect(fs.readFileSync(existing, 'utf8')).toMatch(/^path,score,normalised_score,label\n/);

    for (const own of [path.join(run, 'model', 'model.json'), path.join(run, 'metrics.json'), path.join(run, 'scores.csv')]) {
      const before = fs.readFileSync(own);
      expectUserError(predict(['--out', own, '--force']), /: is one of a run's own files; it is never overwritten/);
      expect(fs.readFileSync(own).equals(before)).toBe(true);
    }
  });

  it('tools/test --out refuses the run directory itself and an existing file, in one line', () => {
    const metrics = fs.readFileSync(path.join(run, 'metrics.json'));
    expectUserError(tool('test', ['--run', run, '--out', run, '--force']), /run: is a run directory; its files are never overwritten/);
    expect(fs.readFileSync(path.join(run, 'metrics.json')).equals(metrics)).toBe(true);
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'x');
    expectUserError(tool('test', ['--run', run, '--out', file]), /a-file: is a file, not a folder; choose another output folder/);
  });

  it('--copy-anomalies-to and --maps neither overwrite files nor follow links at the destination', () => {
    const copies = path.join(work, 'copies');
    expectSuccess(predict(['--copy-anomalies-to', copies, '--maps', path.join(work, 'maps')]));
    const mapFile = path.join(work, 'maps', 'a', 'in-0.png');
    expect(fs.existsSync(mapFile)).toBe(true);
    const again = predict(['--maps', path.join(work, 'maps')]);
    expectUserError(again, /maps\/a\/in-0\.png: already exists; pass --force to replace it/);

    const outside = path.join(work, 'outside-target.png');
    fs.writeFileSync(outside, 'not to be touched');
    fs.rmSync(mapFile);
    fs.symlinkSync(outside, mapFile);
    expectUserError(predict(['--maps', path.join(work, 'maps'), '--force']), /in-0\.png: is a symbolic link; only regular files are written/);
    expect(fs.readFileSync(outside, 'utf8')).toBe('not to be touched');

    const linkedDir = path.join(work, 'maps2');
    fs.mkdirSync(linkedDir);
    fs.symlinkSync(path.join(work, 'elsewhere'), path.join(linkedDir, 'a'));
    fs.mkdirSync(path.join(work, 'elsewhere'));
    expectUserError(predict(['--maps', linkedDir]), /maps2\/a: is a symbolic link, not a folder; refusing to write through it/);
    expect(fs.readdirSync(path.join(work, 'elsewhere'))).toEqual([]);
  });

  it('the "not inside the input folder" check sees through a symbolic link', () => {
    const link = path.join(work, 'input-link');
    fs.symlinkSync(input, link);
    expectUserError(predict(['--copy-anomalies-to', path.join(link, 'review')]), /review: must not lie inside the input folder/);
    expect(fs.existsSync(path.join(input, 'review'))).toBe(false);
  });
});

describe('2-3 saved models: confined weight paths and checked manifests', () => {
  it('a weightsManifest path leaving the model directory is refused, even with a file of the right size', () => {
    const dir = modelCopy('escape');
    const weights = fs.readFileSync(path.join(dir, 'weights.bin'));
    fs.writeFileSync(path.join(work, 'foreign.bin'), Buffer.alloc(weights.length, 7));
    editJson(path.join(dir, 'model.json'), (json) => (json.weightsManifest[0].paths = ['../../foreign.bin']));
    expectUserError(tool('predict', ['--run', dir, '--input', input]), /model\.json: weight file '\.\.\/\.\.\/foreign\.bin' lies outside the model directory/);
    // A link inside the folder that points out is the same escape.
    const linked = modelCopy('escape-link');
    fs.rmSync(path.join(linked, 'weights.bin'));
    fs.symlinkSync(path.join(work, 'foreign.bin'), path.join(linked, 'weights.bin'));
    expectUserError(tool('predict', ['--run', linked, '--input', input]), /weight file 'weights\.bin' lies outside the model directory/);
  });

  it.each([
    ['a null threshold', (m: Record<string, any>) => (m.threshold.value = null), /anomaly-zoo\.json: threshold\.value: must be number/],
    ['a string threshold', (m: Record<string, any>) => (m.threshold.value = '0.5'), /anomaly-zoo\.json: threshold\.value: must be number/],
    ['no preprocessing', (m: Record<string, any>) => delete m.preprocessing, /anomaly-zoo\.json: \(top level\): missing required key 'preprocessing'/],
    ['absurd sizes', (m: Record<string, any>) => (m.preprocessing.height = 1e9), /anomaly-zoo\.json: preprocessing\.height: must be <= 8192/],
    ['a wrong model setting', (m: Record<string, any>) => (m.model_config.latent_channels = 'many'), /anomaly-zoo\.json: model_config\.latent_channels: must be integer/],
  ])('%s in the manifest is one line naming the file and key', (_, edit, pattern) => {
    const dir = modelCopy(`manifest-${Math.random().toString(36).slice(2)}`);
    editJson(path.join(dir, 'anomaly-zoo.json'), edit);
    const outcome = tool('predict', ['--run', dir, '--input', input]);
    expectUserError(outcome, pattern);
    expect(outcome.stdout).toBe('');
  });

  it('a manifest written before keys existed loads with their defaults and scores as the full one', () => {
    const dir = modelCopy('older-manifest');
    // Only what the tiny config set survives: every key the schema defaults (map_sigma, image_score, loss, space, ...) goes.
    editJson(path.join(dir, 'anomaly-zoo.json'), (m) => {
      const { channels, latent_channels } = m.model_config;
      m.model_config = { channels, latent_channels };
    });
    const full = tool('predict', ['--run', path.join(run, 'model'), '--input', input]);
    const older = tool('predict', ['--run', dir, '--input', input]);
    expectSuccess(full);
    expectSuccess(older);
    expect(older.stdout.trim().split('\n').length).toBe(5);
    expect(older.stdout).toBe(full.stdout);
  });

  it('a truncated weights.bin is refused before scoring, for predict and test alike', () => {
    const dir = modelCopy('truncated');
    const weights = fs.readFileSync(path.join(dir, 'weights.bin'));
    fs.writeFileSync(path.join(dir, 'weights.bin'), weights.subarray(0, weights.length - 4));
    expectUserError(tool('predict', ['--run', dir, '--input', input]), /model\.json: the weight files hold \d+ bytes but the manifest's weights need \d+/);
    const runCopy = path.join(work, 'run-truncated');
    fs.cpSync(run, runCopy, { recursive: true });
    fs.cpSync(dir, path.join(runCopy, 'model'), { recursive: true });
    expectUserError(tool('test', ['--run', runCopy]), /the weight files hold \d+ bytes/);
  });
});

describe('4 prototype-safe configs', () => {
  it.each([
    ['--set __proto__.polluted=1', ['--set', '__proto__.polluted=1'], /--set __proto__\.polluted=1: key '__proto__' is not allowed/],
    ['--set training.__proto__={epochs: 999999}', ['--set', 'training.__proto__={epochs: 999999}'], /key '__proto__' is not allowed/],
    ['--set constructor.prototype.x=1', ['--set', 'constructor.prototype.x=1'], /key 'constructor' is not allowed/],
    ['a value holding __proto__', ['--set', 'training={__proto__: {epochs: 5}}'], /--set training=\{__proto__: \{epochs: 5\}\}: __proto__: key '__proto__' is not allowed/],
  ])('%s is refused', (_, args, pattern) => {
    expectUserError(tool('train', ['--config', path.join(work, 'run.yaml'), '--out', path.join(work, 'never'), ...args]), pattern);
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  });

  it('a YAML config with a __proto__ key is refused, naming the file and key', () => {
    const file = writeConfig('proto.yaml', config().replace('training:\n', 'training:\n  __proto__:\n    epochs: 999999\n'));
    expectUserError(tool('train', ['--config', file]), /proto\.yaml: training\.__proto__: key '__proto__' is not allowed/);
  });

  it('a benchmark grid whose set: holds __proto__ stops before running any job', () => {
    const grid = writeConfig('grid.yaml', `out: ${path.join(work, 'bench-proto')}\nset: ['__proto__.polluted=1']\nmodels:\n  - name: conv-ae\n    config: ${path.join(work, 'run.yaml')}\ndatasets:\n  - name: cat\n`);
    expectUserError(tool('benchmark', ['--grid', grid]), /key '__proto__' is not allowed/);
    expect(fs.existsSync(path.join(work, 'bench-proto'))).toBe(false);
  });
});

describe('5 input walks', () => {
  it('symbolic-link loops: every image is scored once, and two loops do not hang', () => {
    const loopy = path.join(work, 'loopy');
    fs.cpSync(input, loopy, { recursive: true });
    fs.symlinkSync('..', path.join(loopy, 'a', 'up'));
    fs.symlinkSync('../a', path.join(loopy, 'a', 'again'));
    fs.symlinkSync(path.join(loopy, 'in-2.png'), path.join(loopy, 'a', 'same-as-in-2.png'));
    const started = Date.now();
    // Before the fix two loops made the walk endless (memory growing ~1 GB per 30 s): bounded here.
    const outcome = tool('predict', ['--run', run, '--input', loopy], { timeoutMs: 30_000 });
    expect(outcome.code).toBe(0);
    const rows = outcome.stdout.trim().split('\n').slice(1).map((line) => path.relative(loopy, line.split(',')[0]!)).sort();
    expect(rows).toEqual(['a/in-0.png', 'a/in-1.png', 'in-2.png', 'in-3.png']);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('6 run-directory lock', () => {
  const slow = (): string => writeConfig('slow.yaml', config().replace('epochs: 1', 'epochs: 400'));

  it('a second tools/train on the same --out stops with the first one\'s pid; a killed run\'s lock is stale', async () => {
    const out = path.join(work, 'locked-run');
    const first = startTool('train', ['--config', slow(), '--out', out], { cwd: work });
    try {
      await waitFor(() => lockPid(out) !== undefined && fs.existsSync(path.join(out, 'checkpoint')), 60_000);
      expect(lockPid(out)).toBe(first.pid);
      expectUserError(tool('train', ['--config', slow(), '--out', out, '--force']), new RegExp(`locked-run: another process \\(pid ${first.pid}\\) is writing this run directory`));
      expectUserError(tool('train', ['--resume', out]), new RegExp(`another process \\(pid ${first.pid}\\)`));
    } finally {
      first.kill('SIGKILL');
      await new Promise((resolve) => (first.exitCode !== null || first.signalCode !== null ? resolve(undefined) : first.once('exit', resolve)));
    }
    // The kill left the lock behind: stale now. Starting over without --force would discard the run: refused.
    expect(lockPid(out)).toBe(first.pid);
    const refused = tool('train', ['--config', path.join(work, 'run.yaml'), '--out', out]);
    expectUserError(refused, /locked-run: holds an unfinished run; continue it with tools\/train --resume .*locked-run, or pass --force to discard it/);
    expect(refused.stderr).toMatch(new RegExp(`removing a stale lock of pid ${first.pid}`));
    expectSuccess(tool('train', ['--config', path.join(work, 'run.yaml'), '--out', out, '--force']));
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  }, 120_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('tools/benchmark passes %s to its running job and waits for it', async (signal) => {
    const out = path.join(work, `bench-${signal}`);
    const grid = writeConfig(`grid-${signal}.yaml`, `out: ${out}\nmodels:\n  - name: conv-ae\n    config: ${slow()}\ndatasets:\n  - name: cat\n`);
    const parent = startTool('benchmark', ['--grid', grid], { cwd: work });
    const jobDir = path.join(out, 'conv-ae', 'cat', 'seed42');
    await waitFor(() => lockPid(jobDir) !== undefined, 60_000);
    const child = lockPid(jobDir)!;
    expect(isAlive(child)).toBe(true);
    parent.kill(signal);
    const code = await new Promise<number | null>((resolve) => parent.once('exit', (c) => resolve(c)));
    expect({ code, childAlive: isAlive(child) }).toEqual({ code: signal === 'SIGINT' ? 130 : 143, childAlive: false });
  }, 120_000);
});

describe('8 full disks, permissions, read-only mounts', () => {
  const mountPoint = path.join(work, 'mnt');
  const mount = (options: string): boolean => {
    fs.mkdirSync(mountPoint, { recursive: true });
    return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint]).status === 0;
  };
  const umount = (): void => void spawnSync('umount', [mountPoint]);
  /** Runs `body` with a fresh tmpfs mounted at `mountPoint` (tmpfs `options`), unmounting it after. */
  const onTmpfs = (options: string, body: () => void): void => {
    if (!canMount) return console.warn('skipped: cannot mount a tmpfs here (needs root)');
    mount(options);
    try {
      body();
    } finally {
      umount();
    }
  };
  const allFiles = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
  // Mounting a tmpfs needs root (CI runs as root); elsewhere these cases say why they do nothing.
  const canMount = isRoot && mount('size=64k') && (umount(), true);

  it('ENOSPC: predict --out on a full disk is one line naming the file, with no temp file left', () => onTmpfs('size=64k', () => {
    spawnSync('dd', ['if=/dev/zero', `of=${path.join(mountPoint, 'filler')}`, 'bs=4k', 'count=64']);
    const target = path.join(mountPoint, 'predictions.csv');
    expectUserError(predict(['--out', target]), /mnt\/predictions\.csv: cannot write: no space left on device \(ENOSPC\)/);
    expect(allFiles(mountPoint)).toEqual(['filler']);
  }));

  it('ENOSPC: a training run on a small disk stops in one line naming a path, leaving no temp and no cut file', () => onTmpfs('size=96k', () => {
    const out = path.join(mountPoint, 'run');
    const outcome = tool('train', ['--config', path.join(work, 'run.yaml'), '--out', out]);
    expectUserError(outcome, /mnt\/run.*: (cannot write|cannot create the results directory|cannot take the run lock): no space left on device \(ENOSPC\)/);
    expect(allFiles(mountPoint).filter((f) => /\.tmp$|\.creating-/.test(f))).toEqual([]);
    // Whatever was finished is whole: every SVG present ends with its closing tag.
    for (const file of allFiles(mountPoint).filter((f) => f.endsWith('.svg'))) expect(fs.readFileSync(path.join(mountPoint, file), 'utf8')).toMatch(/<\/svg>\s*$/);
  }));

  it('EROFS: a read-only mount is one line naming the file', () => onTmpfs('size=64k,ro', () => {
    expectUserError(predict(['--out', path.join(mountPoint, 'p.csv')]), /mnt\/p\.csv: cannot write: read-only file system \(EROFS\)/);
  }));

  it('EACCES: an unwritable folder is one line naming the file', () => {
    if (!isRoot) return console.warn('skipped: needs root to run the tool as nobody');
    const locked = path.join(work, 'no-write');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    expectUserError(predict(['--out', path.join(locked, 'p.csv')], { uid: NOBODY }), /no-write\/p\.csv: cannot write: permission denied \(EACCES\)/);
  });
});

describe('9 smaller ones', () => {
  it('a config over the size cap is refused before it is parsed', () => {
    const file = writeConfig('huge.yaml', config() + `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    expectUserError(tool('train', ['--config', file]), /huge\.yaml: config is \d+ bytes; at most 1048576 are read/);
  });

  it('a YAML alias bomb is one line naming the file', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const file = writeConfig('bomb.yaml', levels.join('\n') + '\n');
    expectUserError(tool('train', ['--config', file]), /bomb\.yaml: YAML cannot be expanded: .*alias/i);
  });

  it('--set seed=1e400 is not accepted as infinity', () => {
    expectUserError(tool('train', ['--config', path.join(work, 'run.yaml'), '--set', 'seed=1e400']), /--set seed=1e400: must be a finite number \(got Infinity\)/);
  });

  it('tools/predict exits 1 when nothing could be scored', () => {
    const bad = path.join(work, 'all-bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'x.png'), 'text, not an image');
    expectUserError(tool('predict', ['--run', run, '--input', bad]), /all-bad: no image could be scored \(1 unreadable\)/);
  });

  const serve = (args: string[]): Outcome => {
    const result = spawnSync(process.execPath, [path.join(REPO, 'tools', 'demo-web', 'serve'), ...args], { cwd: work, encoding: 'utf8', timeout: 30_000 });
    return { code: result.status, signal: result.signal, stderr: result.stderr, stdout: result.stdout };
  };

  it('demo-web/serve: a missing run and a bad --port are one line each', () => {
    expectUserError(serve(['--run', '/nonexistent']), /^error: \/nonexistent: not a run directory or saved model/);
    expectUserError(serve(['--run', run, '--port', 'abc']), /^error: --port abc: must be an integer from 0 to 65535/);
  });

  it('demo-web server answers only to its own host names (no DNS rebinding)', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'tools', 'demo-web', 'serve'), '--run', run, '--port', '0'], { cwd: work });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = /open (http:\/\/\S+)/.exec(text);
          if (found) resolve(found[1]!);
        });
        child.once('exit', () => reject(new Error(`serve exited early`)));
      });
      const port = new URL(url).port;
      const status = (host: string): Promise<number> => new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/run/anomaly-zoo.json', headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(await status('evil.example:' + port)).toBe(421);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`localhost:${port}`)).toBe(200);
    } finally {
      child.kill();
    }
  });
});
