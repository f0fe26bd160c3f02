import * as os from 'os';
import { UserError } from '@anomaly-zoo/core';
import { BACKEND_NAMES, BackendName, BackendOptions } from './types';

/** The wasm build pre-creates 8 pthread workers and its thread pool never uses more. */
export const MAX_WASM_THREADS = 8;

export interface BackendRequest {
  /** null: automatic order. */
  backend: BackendName | null;
  /** Where a forced backend came from, for messages. */
  source: string;
  threads: number;
  /** Set when the requested thread count was lowered. */
  threadsNote?: string;
}

type Env = Record<string, string | undefined>;

function parseBackend(value: string, source: string): BackendName | null {
  if (value === 'auto') return null;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new UserError(`${source} must be one of auto, ${BACKEND_NAMES.join(', ')} (got "${value}")`);
}

function parseThreads(value: number | string, source: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${source} must be a positive integer or "auto" (got "${value}")`);
  return n;
}

/** Explicit option (other than 'auto') > environment variable > automatic. */
export function resolveRequest(options: BackendOptions = {}, env: Env = process.env, cores = os.cpus().length): BackendRequest {
  const envBackend = env.TFJS_BACKEND?.trim();
  let backend: BackendName | null = null;
  let source = 'auto';
  if (options.backend !== undefined && options.backend !== 'auto') {
    backend = parseBackend(options.backend, 'the backend option');
    source = 'the backend option';
  } else if (envBackend) {
    backend = parseBackend(envBackend, 'TFJS_BACKEND');
    if (backend) source = `TFJS_BACKEND=${envBackend}`;
  }

  const envThreads = env.TFJS_WASM_THREADS?.trim();
  let threads: number | 'auto' = 'auto';
  if (options.threads !== undefined && options.threads !== 'auto') threads = parseThreads(options.threads, 'the threads option');
  else if (envThreads) threads = parseThreads(envThreads, 'TFJS_WASM_THREADS');
  const wanted = threads === 'auto' ? Math.max(1, cores) : threads;
  const capped = Math.min(wanted, MAX_WASM_THREADS);
  return {
    backend,
    source,
    threads: capped,
    threadsNote: capped < wanted ? `${wanted} threads requested, the wasm build allows ${MAX_WASM_THREADS}` : undefined,
  };
}
