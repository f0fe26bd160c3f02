import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { wasmPackageDir } from './package-files';

/** A node worker_threads Worker as emscripten keeps it. */
interface PthreadWorker {
  unref(): void;
  terminate(): unknown;
}

interface PthreadRegistry {
  runningWorkers: PthreadWorker[];
  unusedWorkers: PthreadWorker[];
}

type Cwrap = (name: string, returnType: string | null, argTypes: string[]) => (...args: number[]) => number;

/** The emscripten module, with the `tfjs` bridge that tfjs-backend-wasm's own init() attaches. */
export interface ThreadedWasmModule {
  cwrap: Cwrap;
  PThread: PthreadRegistry;
  tfjs: Record<string, (...args: number[]) => number>;
}

type Imports = WebAssembly.Imports & { env: WebAssembly.ModuleImports };

/** The emscripten Module settings we use; emscripten adds PThread to this very object. */
interface FactoryConfig {
  locateFile(file: string, prefix: string): string;
  instantiateWasm(imports: Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
  onAbort(what: unknown): void;
  PThread?: PthreadRegistry;
}

const GLUE = 'tfjs-backend-wasm-threaded-simd';

/**
 * The pthread worker script as a real file: tfjs hands emscripten a Blob URL, which node's Worker cannot load.
 * Content-addressed in a per-user temp directory, rewritten if what is there differs.
 */
function workerScript(dir: string): string {
  const { wasmWorkerContents } = require(path.join(dir, 'wasm-out', `${GLUE}.worker.js`)) as
    { wasmWorkerContents: string };
  // As tfjs does for its Blob: the template literal it ships in turned the "\n" escapes into real newlines.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const folder = path.join(os.tmpdir(), `anomaly-zoo-${uid}`);
  const file = path.join(folder, `${GLUE}-${hash}.worker.js`);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === source) return file;
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, source, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

function stopWorkers(registry: PthreadRegistry | undefined): void {
  for (const worker of [...(registry?.unusedWorkers ?? []), ...(registry?.runningWorkers ?? [])]) worker.terminate();
}

/**
 * After the backend has created its thread pool: lets the process exit while the pool's workers sit idle
 * (emscripten keeps workers that run a pthread ref'd), and ends the pre-spawned workers the pool did not take
 * (the build pre-spawns 8; nothing creates pthreads later).
 */
export function settleWorkers(module: ThreadedWasmModule): void {
  for (const worker of module.PThread.runningWorkers) worker.unref();
  for (const worker of module.PThread.unusedWorkers.splice(0)) worker.terminate();
}

/**
 * Instantiates the package's threaded-SIMD build with node worker_threads. `threads` is the pool size the
 * backend will create; rejects (never hangs) when the workers do not come up within `timeoutMs`.
 */
export function loadThreadedWasm(threads: number, timeoutMs = 30_000): Promise<ThreadedWasmModule> {
  const dir = wasmPackageDir();
  const worker = workerScript(dir);
  const binary = fs.readFileSync(path.join(dir, 'dist', `${GLUE}.wasm`));
  // The glue loaded from its own file, so that the workers can load the very same file (it is their main script).
  const factory = require(path.join(dir, 'wasm-out', `${GLUE}.js`)) as
    (config: FactoryConfig) => Promise<Omit<ThreadedWasmModule, 'tfjs'>>;

  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      clearTimeout(timer);
      stopWorkers(config.PThread);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const config: FactoryConfig = {
      locateFile: (file, prefix) => (file.endsWith('.worker.js') ? worker : prefix + file),
      instantiateWasm: (imports, receive) => {
        // The C++ side sizes its pool as min(requested, logical cores / 2); this makes the request the pool size.
        imports.env.emscripten_num_logical_cores = () => 2 * threads;
        WebAssembly.instantiate(binary, imports).then(({ instance, module }) => receive(instance, module), fail);
        return {};
      },
      onAbort: (what) => fail(new Error(`wasm aborted: ${String(what)}`)),
    };
    const timer = setTimeout(() => fail(new Error(`pthread workers did not start within ${timeoutMs} ms`)), timeoutMs);
    factory(config).then((module) => {
      clearTimeout(timer);
      resolve(attachTfjsApi(module));
    }, fail);
  });
}

/** The same C entry points tfjs-backend-wasm's init() wraps; BackendWasm's constructor calls them. */
function attachTfjsApi(module: Omit<ThreadedWasmModule, 'tfjs'>): ThreadedWasmModule {
  const { cwrap } = module;
  return Object.assign(module, {
    tfjs: {
      init: cwrap('init', null, []),
      initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: cwrap('get_threads_count', 'number', []),
      registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: cwrap('dispose_data', null, ['number']),
      dispose: cwrap('dispose', null, []),
    },
  });
}
