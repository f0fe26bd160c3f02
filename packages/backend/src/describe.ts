import type { BackendInfo } from './types';

/** One line: the chosen backend, its threads and SIMD, and why the ones before it were skipped. */
export function describeBackend(info: BackendInfo): string {
  const simd = info.name === 'wasm' ? `, SIMD ${info.simd ? 'on' : 'off'}` : '';
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  const skipped = info.skipped.length
    ? `; skipped ${info.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}`
    : '';
  return `tfjs backend: ${info.name} (${threads}${simd})${skipped}`;
}

export const CPU_WARNING =
  'WARNING: running on the plain-JavaScript cpu backend; training is about 250x slower than wasm or tfjs-node. ' +
  'Unset TFJS_BACKEND / the backend option, or install @tensorflow/tfjs-node.';
