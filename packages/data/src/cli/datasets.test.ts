import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { MVTEC_CATEGORIES } from '../datasets/mvtec-catalogue';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { datasetsMain } from './datasets';

const repo = path.resolve(__dirname, '../../../..');
let work: string;
const quietIo = { log: () => undefined, progress: () => ({ update: () => undefined, stop: () => undefined }) };

/** The PNG signature: verify checks that every file named .png starts with it (it does not decode the rest). */
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An MVTec bottle tree with the published counts (PNG signatures only: verify lists names and checks heads). */
function writeBottle(root: string): void {
  const spec = MVTEC_CATEGORIES.bottle!;
  const name = (i: number): string => `${String(i).padStart(3, '0')}.png`;
  for (let i = 0; i < spec.train; i++) touch(path.join(root, 'bottle', 'train', 'good', name(i)), PNG_HEAD);
  for (let i = 0; i < spec.testGood; i++) touch(path.join(root, 'bottle', 'test', 'good', name(i)), PNG_HEAD);
  for (const [defect, count] of Object.entries(spec.perDefect!)) {
    for (let i = 0; i < count; i++) {
      touch(path.join(root, 'bottle', 'test', defect, name(i)), PNG_HEAD);
      touch(path.join(root, 'bottle', 'ground_truth', defect, `${String(i).padStart(3, '0')}_mask.png`), PNG_HEAD);
    }
  }
}

function tool(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(repo, 'tools', 'datasets'), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = makeTempDir();
});
afterAll(() => removeDir(work));

describe('tools/datasets verify', () => {
  it('fails on a dangling symbolic link and on a file named .png that is not one, naming each', () => {
    const root = path.join(work, 'mvtec-bad-files');
    writeBottle(root);
    const good = path.join(root, 'bottle', 'train', 'good');
    fs.rmSync(path.join(good, '004.png'));
    fs.symlinkSync(path.join(work, 'nowhere.png'), path.join(good, '004.png'));
    touch(path.join(good, '005.png'), 'GIF89a, not a PNG');
    const outcome = tool(['verify', 'mvtec/bottle', '--root', root]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      `error: mvtec/bottle under ${root} does not match the published layout: ${path.join(good, '004.png')}: broken symbolic link (or missing file) (and 1 more)`,
    ]);
    expect(outcome.stderr).toContain(`also: ${path.join(good, '005.png')}: not a PNG file (its first bytes do not match)`);
  });

  it('--url that is not a URL is one line, before anything is created', () => {
    const root = path.join(work, 'url-root');
    const outcome = tool(['download', 'malaria', '--root', root, '--url', 'not a url']);
    expect({ code: outcome.code, stderr: outcome.stderr.trim() }).toEqual({ code: 1, stderr: 'error: --url not a url: not a valid URL (expected http://… or https://…)' });
    expect(fs.existsSync(root)).toBe(false);
  });

  it('passes on a bottle tree with the real counts and names the folder when one image is missing', () => {
    const root = path.join(work, 'mvtec');
    writeBottle(root);
    const ok = tool(['verify', 'mvtec/bottle', '--root', root]);
    expect(ok.stderr).toContain('bottle: train 209, test good 20, defective 63');
    expect(ok.stdout).toContain(`mvtec/bottle: layout and counts OK under ${root}`);
    expect(ok.code).toBe(0);

    fs.rmSync(path.join(root, 'bottle', 'test', 'broken_small', '007.png'));
    const missing = tool(['verify', 'mvtec/bottle', '--root', root]);
    expect(missing.code).toBe(1);
    const errors = missing.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([`error: mvtec/bottle under ${root} does not match the published layout: ${path.join(root, 'bottle', 'test', 'broken_small')}: 21 images, expected 22`]);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing mask and an unknown data set', async () => {
    const root = path.join(work, 'mvtec-mask');
    writeBottle(root);
    fs.rmSync(path.join(root, 'bottle', 'ground_truth', 'contamination', '003_mask.png'));
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await datasetsMain(['verify', 'mvtec/bottle', '--root', root], quietIo)).toBe(1);
      expect(spy.mock.calls.map((c) => String(c[0])).join('')).toContain(`${path.join(root, 'bottle', 'ground_truth', 'contamination', '003_mask.png')}: mask missing`);
      spy.mockClear();
      expect(await datasetsMain(['verify', 'mvtec/bottel'], quietIo)).toBe(1);
      expect(spy.mock.calls.map((c) => String(c[0])).join('')).toMatch(/unknown data set 'mvtec\/bottel' \(known: mvtec, mvtec\/bottle,/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('tools/datasets prepare', () => {
  it('downloads an archive from a local server, checks it, extracts it and verifies the result', async () => {
    const source = path.join(work, 'source');
    writeBottle(source);
    const archive = path.join(work, 'bottle.tar.xz');
    execFileSync('tar', ['-cJf', archive, '-C', source, 'bottle']);
    const bytes = fs.readFileSync(archive);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const server = http.createServer((_, res) => res.writeHead(200, { 'Content-Length': bytes.length }).end(bytes));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bottle.tar.xz`;
    const root = path.join(work, 'prepared');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await datasetsMain(['prepare', 'mvtec/bottle', '--root', root, '--url', url, '--sha256', sha256], quietIo)).toBe(0);
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('mvtec/bottle: layout and counts OK');
      expect(fs.readdirSync(path.join(root, 'bottle', 'test')).sort()).toEqual(['broken_large', 'broken_small', 'contamination', 'good']);
      expect(fs.existsSync(path.join(root, '.downloads', 'bottle.tar.xz'))).toBe(true);
      // A wrong checksum: a clear error, and nothing left where the archive would go.
      const other = path.join(work, 'prepared-bad');
      expect(await datasetsMain(['prepare', 'mvtec/bottle', '--root', other, '--url', url, '--sha256', 'a'.repeat(64)], quietIo)).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/error: .*checksum mismatch/);
      expect(fs.readdirSync(path.join(other, '.downloads'))).toEqual([]);
      expect(fs.existsSync(path.join(other, 'bottle'))).toBe(false);
    } finally {
      out.mockRestore();
      err.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
