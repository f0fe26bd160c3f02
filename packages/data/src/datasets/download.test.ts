import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as tar from 'tar';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { downloadFile, partFileOf } from './download';

let work: string;
let archive: Buffer;
let sha256: string;
let server: http.Server;
let base: string;
/** Requests seen, with their Range headers. */
const seen: { url: string; range?: string }[] = [];
/** When set, the next response for /cut.tar.gz stops after this many bytes and drops the connection. */
let cutAfter: number | undefined;

beforeAll(async () => {
  work = makeTempDir();
  const tree = path.join(work, 'tree');
  // Random bytes so the archive is large enough to be cut part-way (gzip cannot shrink them).
  touch(path.join(tree, 'bottle', 'train', 'good', '000.png'), crypto.randomBytes(200_000));
  touch(path.join(tree, 'bottle', 'readme.txt'), 'hello');
  await tar.c({ gzip: true, file: path.join(work, 'bottle.tar.gz'), cwd: tree }, ['bottle']);
  archive = fs.readFileSync(path.join(work, 'bottle.tar.gz'));
  sha256 = crypto.createHash('sha256').update(archive).digest('hex');

  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', range: req.headers.range });
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/bottle.tar.gz' }).end();
      return;
    }
    if (req.url === '/missing') {
      res.writeHead(404).end();
      return;
    }
    const range = req.url === '/ignores-range.tar.gz' ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const body = archive.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'Content-Length': body.length,
      ...(range ? { 'Content-Range': `bytes ${start}-${archive.length - 1}/${archive.length}` } : {}),
    });
    if (req.url === '/cut.tar.gz' && cutAfter !== undefined) {
      const keep = cutAfter;
      cutAfter = undefined;
      res.write(body.subarray(0, keep), () => setTimeout(() => res.socket?.destroy(), 50));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  removeDir(work);
});
beforeEach(() => {
  seen.length = 0;
});

describe('downloadFile', () => {
  it('downloads, checks the SHA-256 and leaves only the finished file', async () => {
    const dest = path.join(work, 'ok', 'bottle.tar.gz');
    const progress: number[] = [];
    const result = await downloadFile({ url: `${base}/bottle.tar.gz`, dest, sha256, onProgress: (done, total) => { progress.push(done); expect(total).toBe(archive.length); } });
    expect(fs.readFileSync(dest).equals(archive)).toBe(true);
    expect(result).toMatchObject({ sha256, bytes: archive.length, resumedFrom: 0, alreadyThere: false });
    expect(fs.existsSync(partFileOf(dest))).toBe(false);
    expect(progress[progress.length - 1]).toBe(archive.length);
    // A second call finds it and does not fetch again.
    seen.length = 0;
    expect((await downloadFile({ url: `${base}/bottle.tar.gz`, dest, sha256 })).alreadyThere).toBe(true);
    expect(seen).toEqual([]);
  });

  it('keeps the part of an interrupted download and resumes it with a Range request', async () => {
    const dest = path.join(work, 'resume', 'bottle.tar.gz');
    cutAfter = 70_000;
    const first = downloadFile({ url: `${base}/cut.tar.gz`, dest, sha256 });
    await expect(first).rejects.toThrow(UserError);
    await expect(first).rejects.toThrow(/download interrupted at \d+ of \d+ bytes .*run the command again to resume/);
    expect(fs.existsSync(dest)).toBe(false);
    const partSize = fs.statSync(partFileOf(dest)).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(archive.length);

    seen.length = 0;
    const result = await downloadFile({ url: `${base}/cut.tar.gz`, dest, sha256 });
    expect(seen).toEqual([{ url: '/cut.tar.gz', range: `bytes=${partSize}-` }]);
    expect(result.resumedFrom).toBe(partSize);
    expect(fs.readFileSync(dest).equals(archive)).toBe(true);
    expect(fs.existsSync(partFileOf(dest))).toBe(false);
  });

  it('deletes a download whose checksum does not match and says so', async () => {
    const dest = path.join(work, 'bad', 'bottle.tar.gz');
    const wrong = '0'.repeat(64);
    const attempt = downloadFile({ url: `${base}/bottle.tar.gz`, dest, sha256: wrong });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(new RegExp(`checksum mismatch: SHA-256 ${sha256}, expected ${wrong}; the download was deleted`));
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(partFileOf(dest))).toBe(false);
  });

  it('refuses a corrupted part: the resumed whole fails the checksum and is removed', async () => {
    const dest = path.join(work, 'corrupt', 'bottle.tar.gz');
    touch(partFileOf(dest), Buffer.alloc(1000, 7)); // not the archive's first 1000 bytes
    await expect(downloadFile({ url: `${base}/bottle.tar.gz`, dest, sha256 })).rejects.toThrow(/checksum mismatch/);
    expect(fs.existsSync(partFileOf(dest))).toBe(false);
    expect((await downloadFile({ url: `${base}/bottle.tar.gz`, dest, sha256 })).sha256).toBe(sha256);
  });

  it('starts again when the server ignores the Range request', async () => {
    const dest = path.join(work, 'no-range', 'bottle.tar.gz');
    touch(partFileOf(dest), archive.subarray(0, 5000));
    const result = await downloadFile({ url: `${base}/ignores-range.tar.gz`, dest, sha256 });
    expect(seen[0]).toEqual({ url: '/ignores-range.tar.gz', range: 'bytes=5000-' });
    expect(result.resumedFrom).toBe(0);
    expect(fs.readFileSync(dest).equals(archive)).toBe(true);
  });

  it('follows redirects and names HTTP errors', async () => {
    const dest = path.join(work, 'moved', 'bottle.tar.gz');
    expect((await downloadFile({ url: `${base}/moved`, dest })).sha256).toBe(sha256);
    await expect(downloadFile({ url: `${base}/missing`, dest: path.join(work, 'x', 'y') })).rejects.toThrow(`${base}/missing: HTTP 404`);
    await expect(downloadFile({ url: 'ftp://example.org/x', dest: path.join(work, 'x', 'z') })).rejects.toThrow(/only http and https/);
  });
});
