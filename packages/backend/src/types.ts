/** Every tfjs backend this package can start, in the automatic mode's order of preference. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendOptions {
  /** 'auto' (or leaving it out) defers to env TFJS_BACKEND, then to the automatic order. */
  backend?: BackendName | 'auto';
  /** wasm threads; 'auto' (or leaving it out) defers to env TFJS_WASM_THREADS, then to one per logical core. */
  threads?: number | 'auto';
  log?: (line: string) => void;
}

export interface BackendInfo {
  name: BackendName;
  threads: number;
  /** Whether the wasm SIMD build is in use (always false for the other backends). */
  simd: boolean;
  skipped: { name: BackendName; reason: string }[];
}

