import * as tf from '@tensorflow/tfjs';
import { isUserError } from '@anomaly-zoo/core';
import { describeBackend, initBackend } from './index';

test('initBackend starts wasm once; later calls return the same info and cannot switch backend', async () => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const info = await initBackend({ backend: 'wasm', threads: 1, log });
  expect(tf.getBackend()).toBe('wasm');
  expect(info).toMatchObject({ name: 'wasm', threads: 1, simd: true, skipped: [] });
  expect(lines).toEqual([`${describeBackend(info)}; forced by the backend option`]);

  expect(await initBackend({ log })).toBe(info);
  expect(await initBackend({ backend: 'auto', threads: 4, log })).toBe(info);
  expect(lines).toHaveLength(1);
  const error = await initBackend({ backend: 'cpu' }).catch((e: unknown) => e);
  expect(isUserError(error)).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
});
