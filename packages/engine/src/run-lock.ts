import * as fs from 'fs';
import * as path from 'path';
import { asFileSystemError, RUN_FILES, UserError } from '@anomaly-zoo/core';

/** What a lock file holds: who writes the run. `started` tells a live process from a later one given the same pid. */
interface LockOwner {
  pid: number;
  started: string | null;
}

/**
 * The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null where /proc is
 * absent; with the pid it names one process, even after the pid is reused.
 */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return Number.isSafeInteger(owner.pid) ? { pid: owner.pid as number, started: owner.started ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** The lock file's text for this process. */
export function lockText(): string {
  return JSON.stringify({ pid: process.pid, started: processStart(process.pid) }) + '\n';
}

/**
 * Takes the run directory's lock (`.lock`, created exclusively, holding pid and start time) for this process,
 * so a second writer stops with a clear error instead of interleaving files. A lock whose process is gone (a
 * kill) is stale and taken over. Released by releaseRunLock, or at the latest on exit.
 */
export function lockRunDir(dir: string, log: (line: string) => void): void {
  const file = path.join(dir, RUN_FILES.lock);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, lockText(), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw asFileSystemError(error, file, 'cannot take the run lock');
    }
    const owner = readOwner(file);
    if (owner && owner.pid !== process.pid && isAlive(owner)) {
      throw new UserError(`${dir}: another process (pid ${owner.pid}) is writing this run directory; wait for it or stop it first`);
    }
    if (owner?.pid !== process.pid) log(`removing a stale lock of pid ${owner?.pid ?? '?'} (that process is gone)`);
    fs.rmSync(file, { force: true });
  }
  adoptRunLock(dir);
}

/** The exit handlers releasing the locks this process holds, by run directory. */
const releaseOnExit = new Map<string, () => void>();

/** Releases, on exit, a lock this process already holds (e.g. one created inside a directory renamed into place). */
export function adoptRunLock(dir: string): void {
  if (releaseOnExit.has(dir)) return;
  const handler = (): void => removeOwnLock(dir);
  releaseOnExit.set(dir, handler);
  process.on('exit', handler);
}

/** Releases this process's lock on `dir` now (a finished run); a lock of another process is left alone. */
export function releaseRunLock(dir: string): void {
  const handler = releaseOnExit.get(dir);
  if (handler) process.off('exit', handler);
  releaseOnExit.delete(dir);
  removeOwnLock(dir);
}

function removeOwnLock(dir: string): void {
  const file = path.join(dir, RUN_FILES.lock);
  if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
