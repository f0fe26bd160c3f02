import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';

export interface DownloadOptions {
  url: string;
  /** Where the finished file goes; it only appears there complete and checked. */
  dest: string;
  /** Expected SHA-256 (hex); without it the file is kept and its hash reported. */
  sha256?: string;
  /** Bytes so far (including a resumed part) and the total when the server said. */
  onProgress?: (done: number, total: number | undefined) => void;
}

export interface DownloadResult {
  file: string;
  sha256: string;
  bytes: number;
  /** Bytes already there from an earlier, interrupted attempt (0 for a fresh download). */
  resumedFrom: number;
  /** True when `dest` was already there and matched. */
  alreadyThere: boolean;
}

const MAX_REDIRECTS = 5;

export function partFileOf(dest: string): string {
  return `${dest}.part`;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Downloads to `<dest>.part`, resuming an earlier part with an HTTP Range request (a server that
 * ignores Range sends the whole file, which restarts it). A complete file whose SHA-256 differs from
 * the expected one is deleted and reported; only a checked file is renamed to `dest`. An interrupted
 * transfer keeps the part for the next attempt.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { url, dest } = options;
  const expected = options.sha256?.toLowerCase();
  if (fs.existsSync(dest)) {
    const sha256 = await sha256OfFile(dest);
    if (expected && sha256 !== expected) {
      throw new UserError(`${dest}: already there but its SHA-256 is ${sha256}, expected ${expected}; delete it to download again`);
    }
    return { file: dest, sha256, bytes: fs.statSync(dest).size, resumedFrom: 0, alreadyThere: true };
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = partFileOf(dest);
  const resumedFrom = fs.existsSync(part) ? fs.statSync(part).size : 0;
  const { size: bytes, resumedAt } = await fetchInto(url, part, resumedFrom, options.onProgress);
  const sha256 = await sha256OfFile(part);
  if (expected && sha256 !== expected) {
    fs.rmSync(part, { force: true });
    throw new UserError(`${url}: checksum mismatch: SHA-256 ${sha256}, expected ${expected}; the download was deleted (nothing written to ${dest})`);
  }
  fs.renameSync(part, dest);
  return { file: dest, sha256, bytes, resumedFrom: resumedAt, alreadyThere: false };
}

/** Appends from `start` (or rewrites, when the server answers 200); returns the final size and where this transfer began. */
async function fetchInto(
  url: string, part: string, start: number, onProgress: DownloadOptions['onProgress'], redirects = 0,
): Promise<{ size: number; resumedAt: number }> {
  const response = await request(url, start > 0 ? { Range: `bytes=${start}-` } : {});
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location) {
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new UserError(`${url}: more than ${MAX_REDIRECTS} redirects`);
    return fetchInto(new URL(response.headers.location, url).toString(), part, start, onProgress, redirects + 1);
  }
  if (status === 416 && start > 0) {
    // Nothing left to send: the part is already whole (its checksum decides).
    response.resume();
    return { size: start, resumedAt: start };
  }
  if (status !== 200 && status !== 206) {
    response.resume();
    throw new UserError(`${url}: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
  }
  let offset = 0;
  if (status === 206) {
    const range = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '');
    offset = range ? Number(range[1]) : NaN;
    if (offset !== start) {
      response.resume();
      throw new UserError(`${url}: server resumed at byte ${range?.[1] ?? '?'} instead of ${start}; delete ${part} and try again`);
    }
  }
  const length = response.headers['content-length'];
  const total = length === undefined ? undefined : offset + Number(length);
  let done = offset;
  const out = fs.createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
  onProgress?.(done, total);
  try {
    await new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => {
        done += chunk.length;
        onProgress?.(done, total);
      });
      response.on('aborted', () => reject(new Error('connection closed')));
      response.on('error', reject);
      out.on('error', reject);
      out.on('finish', resolve);
      response.pipe(out);
    });
  } catch (error) {
    response.unpipe(out);
    await new Promise<void>((resolve) => out.end(() => resolve()));
    throw interrupted(url, part, done, total, (error as Error).message);
  }
  if (total !== undefined && done < total) throw interrupted(url, part, done, total, 'connection closed early');
  return { size: done, resumedAt: offset };
}

function interrupted(url: string, part: string, done: number, total: number | undefined, why: string): UserError {
  return new UserError(`${url}: download interrupted at ${done}${total === undefined ? '' : ` of ${total}`} bytes (${why}); run the command again to resume from ${part}`);
}

function request(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  const parsed = new URL(url);
  const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new UserError(`${url}: only http and https downloads are supported`));
  return new Promise((resolve, reject) => {
    const req = client.get(parsed, { headers: { 'User-Agent': 'anomaly-zoo-datasets', ...headers } }, resolve);
    req.on('error', (error) => reject(new UserError(`${url}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
  });
}
