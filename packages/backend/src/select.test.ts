import * as tf from '@tensorflow/tfjs';
import { isUserError } from '@anomaly-zoo/core';
import { describeBackend } from './describe';
import { startTensorflow } from './node-backends';
import { selectBackend, Starters } from './select';
import type { BackendName } from './types';

const ok = (threads = 1, simd = false) => async () => ({ threads, simd });
const failing = (message: string) => async () => {
  throw new Error(message);
};

function starters(overrides: Partial<Starters>): Starters {
  return {
    'tensorflow-gpu': failing('@tensorflow/tfjs-node-gpu is not installed'),
    tensorflow: failing('@tensorflow/tfjs-node is not installed'),
    wasm: ok(2, true),
    cpu: ok(),
    ...overrides,
  };
}

async function select(options: Parameters<typeof selectBackend>[0], env: Record<string, string>, overrides: Partial<Starters> = {}) {
  const lines: string[] = [];
  const info = await selectBackend({ ...options, log: (line) => lines.push(line) }, starters(overrides), env);
  return { info, lines };
}

describe('selectBackend', () => {
  test('auto: the first backend that starts, with why the earlier ones were skipped, in one log line', async () => {
    const { info, lines } = await select({}, {});
    expect(info).toEqual({
      name: 'wasm', threads: 2, simd: true,
      skipped: [
        { name: 'tensorflow-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' },
        { name: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed' },
      ],
    });
    expect(lines).toEqual([describeBackend(info)]);
    expect(lines[0]).toBe('tfjs backend: wasm (2 threads, SIMD on); skipped tensorflow-gpu (@tensorflow/tfjs-node-gpu is not installed), '
      + 'tensorflow (@tensorflow/tfjs-node is not installed)');
  });

  test('auto picks tfjs-node-gpu first when it starts', async () => {
    const { info } = await select({}, {}, { 'tensorflow-gpu': ok(8) });
    expect(info).toMatchObject({ name: 'tensorflow-gpu', threads: 8, skipped: [] });
  });

  test('cpu gets a loud WARNING line', async () => {
    const { info, lines } = await select({}, {}, { wasm: failing('no wasm') });
    expect(info.name).toBe('cpu');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^WARNING: .*250x slower/);
  });

  test('a forced backend is the only one tried and the log says who forced it', async () => {
    const tried: BackendName[] = [];
    const spy = (name: BackendName) => async () => {
      tried.push(name);
      return { threads: 1, simd: false };
    };
    const { info, lines } = await select({}, { TFJS_BACKEND: 'cpu' }, { 'tensorflow-gpu': spy('tensorflow-gpu'), cpu: spy('cpu') });
    expect(tried).toEqual(['cpu']);
    expect(info).toMatchObject({ name: 'cpu', skipped: [] });
    expect(lines[0]).toMatch(/forced by TFJS_BACKEND=cpu$/);
  });

  test('forcing a backend that fails is a one-line UserError with the reason', async () => {
    const error = await select({ backend: 'tensorflow' }, {}).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe('the backend option asks for the tensorflow backend, which failed: @tensorflow/tfjs-node is not installed');
  });

  test('wasm thread notes reach the log line', async () => {
    const { lines } = await select({ threads: 4 }, {}, { wasm: async () => ({ threads: 1, simd: true, note: 'threads unavailable: x; using the single-threaded build' }) });
    expect(lines[0]).toMatch(/wasm \(1 thread, SIMD on\).*; threads unavailable: x; using the single-threaded build$/);
  });
});

describe('startTensorflow', () => {
  test('says "not installed" when the package is missing', async () => {
    const load = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /x.js`), { code: 'MODULE_NOT_FOUND' });
    };
    await expect(startTensorflow('tensorflow', load)).rejects.toThrow(/^@tensorflow\/tfjs-node is not installed$/);
    await expect(startTensorflow('tensorflow-gpu', load)).rejects.toThrow(/^@tensorflow\/tfjs-node-gpu is not installed$/);
  });

  test('gives the first line of the error when the package is there but fails to load', async () => {
    const load = () => {
      throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: /x. \nPlease run command ...');
    };
    await expect(startTensorflow('tensorflow-gpu', load)).rejects.toThrow(
      /^@tensorflow\/tfjs-node-gpu failed to load: The Node.js native addon module \(tfjs_binding.node\) can not be found at path: \/x.$/);
  });

  test('with the real packages: starts, or fails for a one-line reason', async () => {
    for (const name of ['tensorflow', 'tensorflow-gpu'] as const) {
      const outcome = await startTensorflow(name).then(() => 'started', (e: Error) => e.message);
      expect(outcome).toMatch(/^(started|@tensorflow\/tfjs-node(-gpu)? (is not installed|failed to load: [^\n]+))$/);
    }
  });

  test('kernels a failed package registered before failing are removed again', async () => {
    const load = () => {
      tf.registerKernel({ kernelName: 'Abs', backendName: 'tensorflow', kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' }) });
      throw new Error('no addon');
    };
    await expect(startTensorflow('tensorflow', load)).rejects.toThrow('failed to load: no addon');
    expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
  });

  test('a missing dependency of the package is a load failure, not "not installed"', async () => {
    const load = () => {
      throw Object.assign(new Error("Cannot find module 'node-pre-gyp'"), { code: 'MODULE_NOT_FOUND' });
    };
    await expect(startTensorflow('tensorflow', load)).rejects.toThrow(/failed to load: Cannot find module 'node-pre-gyp'/);
  });
});
