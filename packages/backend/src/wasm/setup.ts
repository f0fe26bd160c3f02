import * as tf from '@tensorflow/tfjs';
import { BackendWasm, getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { reason } from '../reason';
import { wasmBinaryDir } from './package-files';
import { registerWasmKernels } from './register-kernels';
import { loadThreadedWasm, settleWorkers, ThreadedWasmModule } from './threaded';

export interface WasmSetup {
  threads: number;
  simd: boolean;
  /** Why fewer threads than requested, if so. */
  note?: string;
}

type Factory = ReturnType<typeof tf.engine>['registryFactory'][string];
const WASM = 'wasm';

async function activate(): Promise<boolean> {
  const ok = await tf.setBackend(WASM);
  await tf.ready();
  return ok && tf.getBackend() === WASM;
}

/** Replaces the stock 'wasm' factory by one that wraps the already-loaded threaded module. */
function installThreaded(module: ThreadedWasmModule, threads: number): Factory {
  const stock = tf.engine().registryFactory[WASM];
  if (stock === undefined) throw new Error(`the ${WASM} backend is not registered: import @tensorflow/tfjs-backend-wasm first`);
  tf.removeBackend(WASM);
  tf.registerBackend(WASM, () => {
    setThreadsCount(threads);
    const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
    settleWorkers(module);
    return backend;
  }, stock.priority);
  return stock;
}

function restore(stock: Factory): void {
  tf.removeBackend(WASM);
  tf.registerBackend(WASM, stock.factory, stock.priority);
}

/**
 * Starts tf on the wasm backend with our kernels: the threaded-SIMD build on node worker_threads when
 * `threads` > 1 and it works, otherwise the stock single-threaded build, loaded from the installed package.
 */
export async function startWasm(threads: number): Promise<WasmSetup> {
  registerWasmKernels();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  if (tf.engine().registry[WASM]) {
    if (!(await activate())) throw new Error('the wasm backend is initialised but could not be selected');
    const actual = getThreadsCount();
    return { threads: actual, simd, note: actual !== threads ? 'wasm was already started in this process' : undefined };
  }

  let note: string | undefined;
  if (threads > 1) {
    if (!simd) {
      note = 'threads need the SIMD build, and this runtime has no wasm SIMD';
    } else {
      try {
        const stock = installThreaded(await loadThreadedWasm(threads), threads);
        if (await activate()) {
          const actual = getThreadsCount();
          const note = actual < threads ? `the thread pool got ${actual} of ${threads} threads` : undefined;
          return { threads: actual, simd: true, note };
        }
        restore(stock);
        note = 'the threaded build did not start';
      } catch (error) {
        note = `threads unavailable: ${reason(error)}`;
      }
    }
  }

  setWasmPaths(wasmBinaryDir());
  if (!(await activate())) throw new Error(`tf.setBackend('wasm') failed`);
  return { threads: getThreadsCount(), simd, note: note && `${note}; using the single-threaded build` };
}
