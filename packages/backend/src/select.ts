import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { registerCpuKernels } from './cpu/register-kernels';
import { CPU_WARNING, describeBackend } from './describe';
import { startTensorflow } from './node-backends';
import { BackendRequest, resolveRequest } from './options';
import { reason } from './reason';
import { BACKEND_NAMES, BackendInfo, BackendName, BackendOptions } from './types';
import { startWasm } from './wasm/setup';

interface Started {
  threads: number;
  simd: boolean;
  note?: string;
}

export type Starters = Record<BackendName, (request: BackendRequest) => Promise<Started>>;

async function startCpu(): Promise<Started> {
  if (!(await tf.setBackend('cpu'))) throw new Error(`tf.setBackend('cpu') failed`);
  return { threads: 1, simd: false };
}

export const DEFAULT_STARTERS: Starters = {
  'tensorflow-gpu': () => startTensorflow('tensorflow-gpu'),
  tensorflow: () => startTensorflow('tensorflow'),
  wasm: (request) => startWasm(request.threads),
  cpu: startCpu,
};

const defaultLog = (line: string) => process.stderr.write(`${line}\n`);

/** Tries the forced backend, or each in BACKEND_NAMES until one starts, and logs the outcome. */
export async function selectBackend(
  options: BackendOptions = {}, starters: Starters = DEFAULT_STARTERS, env: Record<string, string | undefined> = process.env,
): Promise<BackendInfo> {
  const log = options.log ?? defaultLog;
  const request = resolveRequest(options, env);
  registerCpuKernels();
  const skipped: BackendInfo['skipped'] = [];
  for (const name of request.backend ? [request.backend] : BACKEND_NAMES) {
    let started: Started;
    try {
      started = await starters[name](request);
    } catch (error) {
      if (request.backend) throw new UserError(`${request.source} asks for the ${name} backend, which failed: ${reason(error)}`);
      skipped.push({ name, reason: reason(error) });
      continue;
    }
    const info: BackendInfo = { name, threads: started.threads, simd: started.simd, skipped };
    const notes = [
      request.backend ? `forced by ${request.source}` : '',
      name === 'wasm' ? [request.threadsNote, started.note].filter(Boolean).join('; ') : started.note ?? '',
    ].filter(Boolean);
    log(describeBackend(info) + (notes.length ? `; ${notes.join('; ')}` : ''));
    if (name === 'cpu') log(CPU_WARNING);
    return info;
  }
  throw new Error('no tfjs backend could be started'); // unreachable: cpu always starts
}

let selected: Promise<BackendInfo> | null = null;

/**
 * Chooses and starts the tfjs backend once per process; later calls return the same info. Precedence:
 * an explicit `backend` option (not 'auto') > env TFJS_BACKEND > automatic (tensorflow-gpu, tensorflow, wasm, cpu).
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  if (!selected) {
    selected = selectBackend(options);
    selected.catch(() => {
      selected = null;
    });
  }
  const info = await selected;
  if (options.backend && options.backend !== 'auto' && options.backend !== info.name) {
    throw new UserError(`the ${info.name} backend is already running in this process; cannot switch to ${options.backend}`);
  }
  return info;
}
