import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

/** The repository root, whose tools/ the CLI tests run (against the compiled packages). */
export const REPO = path.resolve(__dirname, '../../../../..');

export type Tool = 'train' | 'test' | 'predict' | 'benchmark' | 'datasets' | 'export';

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/** Runs tools/<tool> to completion in `cwd` on the wasm backend (one thread, so runs compare bit for bit). */
export function runTool(tool: Tool, args: string[], options: { cwd: string; uid?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Outcome {
  const result = spawnSync(process.execPath, [path.join(REPO, 'tools', tool), ...args], {
    cwd: options.cwd, encoding: 'utf8', timeout: options.timeoutMs ?? 180_000, killSignal: 'SIGKILL', env: { ...process.env, TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1', ...options.env },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: result.status, signal: result.signal, stderr: result.stderr, stdout: result.stdout };
}

/** Starts tools/<tool> in the background (for locks and signals); stdio is ignored. */
export function startTool(tool: Tool, args: string[], options: { cwd: string }): ReturnType<typeof spawn> {
  return spawn(process.execPath, [path.join(REPO, 'tools', tool), ...args], {
    cwd: options.cwd, stdio: 'ignore', env: { ...process.env, TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' },
  });
}

/** Exit 1 with exactly one `error:` line matching `pattern`, no stack trace and no "internal error". */
export function expectUserError(outcome: Outcome, pattern: RegExp): void {
  const errors = outcome.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect({ code: outcome.code, errors }).toEqual({ code: 1, errors: [expect.stringMatching(pattern)] });
  expect(outcome.stderr).not.toMatch(/\n\s+at |internal error/);
}

export function expectSuccess(outcome: Outcome): void {
  expect({ code: outcome.code, stderr: outcome.code === 0 ? '' : outcome.stderr }).toEqual({ code: 0, stderr: '' });
}
