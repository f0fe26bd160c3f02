import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import * as yauzl from 'yauzl';
import { UserError } from '@anomaly-zoo/core';

export type ArchiveKind = 'tar' | 'tar.gz' | 'tar.xz' | 'zip';

export function archiveKindOf(file: string): ArchiveKind | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.tar.xz') || name.endsWith('.txz')) return 'tar.xz';
  if (name.endsWith('.tar')) return 'tar';
  if (name.endsWith('.zip')) return 'zip';
  return undefined;
}

/**
 * Unpacks an archive into `destDir`: first into a hidden sibling folder, then each top-level entry
 * is moved into place, so an interrupted extraction leaves no half-written data-set folder. An entry
 * already in `destDir` is refused unless `replace`.
 */
export async function extractArchive(file: string, destDir: string, options: { replace?: boolean } = {}): Promise<string[]> {
  const kind = archiveKindOf(file);
  if (!kind) throw new UserError(`${file}: unknown archive type (expected .tar, .tar.gz, .tar.xz or .zip)`);
  fs.mkdirSync(destDir, { recursive: true });
  const staging = path.join(destDir, `.extracting-${process.pid}-${path.basename(file)}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  try {
    if (kind === 'tar' || kind === 'tar.gz') await tar.x({ file, cwd: staging, strict: true });
    else if (kind === 'tar.xz') await runTarXz(file, staging);
    else await unzip(file, staging);
    refuseEscapingLinks(staging, file);
    const entries = fs.readdirSync(staging);
    for (const entry of entries) {
      const target = path.join(destDir, entry);
      if (fs.existsSync(target)) {
        if (!options.replace) throw new UserError(`${target}: already exists; remove it (or pass --replace) to extract ${path.basename(file)} again`);
        fs.rmSync(target, { recursive: true, force: true });
      }
    }
    for (const entry of entries) fs.renameSync(path.join(staging, entry), path.join(destDir, entry));
    return entries;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot extract (${(error as Error).message.split('\n')[0]})`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Every extractor here must give the same guarantee: no symbolic link in the result points outside it (an
 * absolute target, or one climbing out with '..'). node-tar refuses such links itself; GNU tar and zips do not.
 */
function refuseEscapingLinks(staging: string, archive: string): void {
  const root = path.resolve(staging);
  for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(root, relative);
    if (!fs.lstatSync(full).isSymbolicLink()) continue;
    const target = fs.readlinkSync(full);
    const resolved = path.resolve(path.dirname(full), target);
    if (path.isAbsolute(target) || !(resolved + path.sep).startsWith(root + path.sep)) {
      throw new UserError(`${archive}: entry '${relative}' is a symbolic link to '${target}', outside the archive; refused`);
    }
  }
}

/** xz through the system tar (GNU tar strips leading '/' and refuses '..' members by default). */
function runTarXz(file: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-xJf', path.resolve(file), '-C', cwd, '--no-same-owner'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`tar not available for .tar.xz (${error.message})`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim() || `tar exited with ${code}`))));
  });
}

function unzip(file: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('cannot open'));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        // A throw inside this event handler would escape the promise (a stack trace, the staging folder left).
        try {
          unzipEntry(zip, entry, cwd, reject);
        } catch (error) {
          zip.close();
          reject(error);
        }
      });
      zip.readEntry();
    });
  });
}

/** Writes one zip entry under `cwd`, then asks for the next. */
function unzipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cwd: string, reject: (error: unknown) => void): void {
  const target = path.resolve(cwd, entry.fileName);
  if (!target.startsWith(path.resolve(cwd) + path.sep)) return reject(new Error(`entry '${entry.fileName}' points outside the folder`));
  if (entry.fileName.endsWith('/')) {
    fs.mkdirSync(target, { recursive: true });
    return zip.readEntry();
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  zip.openReadStream(entry, (streamError, stream) => {
    if (streamError || !stream) return reject(streamError ?? new Error('cannot read entry'));
    const out = fs.createWriteStream(target);
    stream.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => zip.readEntry());
    stream.pipe(out);
  });
}
