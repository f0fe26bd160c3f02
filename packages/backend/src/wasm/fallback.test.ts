import * as tf from '@tensorflow/tfjs';
import { startWasm } from './setup';

jest.mock('./threaded', () => ({
  loadThreadedWasm: () => Promise.reject(new Error('no worker_threads here\nstack...')),
  settleWorkers: () => undefined,
}));

test('when the threaded build fails, wasm starts single-threaded and says why', async () => {
  const setup = await startWasm(2);
  expect(tf.getBackend()).toBe('wasm');
  expect(setup).toEqual({
    threads: 1, simd: true, note: 'threads unavailable: no worker_threads here; using the single-threaded build',
  });
});
