import { UserError } from '@anomaly-zoo/core';
import { MAX_WASM_THREADS, resolveRequest } from './options';

describe('resolveRequest', () => {
  test('explicit option > TFJS_BACKEND > automatic; "auto" defers to the environment', () => {
    expect(resolveRequest({}, {}).backend).toBeNull();
    expect(resolveRequest({}, { TFJS_BACKEND: 'wasm' })).toMatchObject({ backend: 'wasm', source: 'TFJS_BACKEND=wasm' });
    expect(resolveRequest({ backend: 'auto' }, { TFJS_BACKEND: 'cpu' }).backend).toBe('cpu');
    expect(resolveRequest({ backend: 'cpu' }, { TFJS_BACKEND: 'wasm' })).toMatchObject({ backend: 'cpu', source: 'the backend option' });
    expect(resolveRequest({}, { TFJS_BACKEND: ' auto ' }).backend).toBeNull();
    expect(resolveRequest({}, { TFJS_BACKEND: '' }).backend).toBeNull();
  });

  test('an unknown backend is a one-line UserError naming the choices', () => {
    expect(() => resolveRequest({}, { TFJS_BACKEND: 'gpu' })).toThrow(UserError);
    expect(() => resolveRequest({}, { TFJS_BACKEND: 'gpu' })).toThrow(/TFJS_BACKEND must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu \(got "gpu"\)/);
    expect(() => resolveRequest({ backend: 'webgl' as 'cpu' }, {})).toThrow(/backend option/);
  });

  test('threads: explicit number > TFJS_WASM_THREADS > one per core, capped at the wasm pool size', () => {
    expect(resolveRequest({}, {}, 2).threads).toBe(2);
    expect(resolveRequest({ threads: 'auto' }, { TFJS_WASM_THREADS: '3' }, 2).threads).toBe(3);
    expect(resolveRequest({ threads: 1 }, { TFJS_WASM_THREADS: '3' }, 2).threads).toBe(1);
    expect(resolveRequest({}, { TFJS_WASM_THREADS: 'auto' }, 6).threads).toBe(6);
    const many = resolveRequest({ threads: 64 }, {}, 2);
    expect(many.threads).toBe(MAX_WASM_THREADS);
    expect(many.threadsNote).toMatch(/64 threads requested/);
  });

  test('bad thread counts are UserErrors', () => {
    for (const bad of ['0', '-2', '1.5', 'many']) {
      expect(() => resolveRequest({}, { TFJS_WASM_THREADS: bad })).toThrow(/TFJS_WASM_THREADS must be a positive integer or "auto"/);
    }
    expect(() => resolveRequest({ threads: 0 }, {})).toThrow(UserError);
  });
});
