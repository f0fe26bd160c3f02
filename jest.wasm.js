// Opt-in (jest.preset's `{ backend: 'wasm' }`): tests that train or run networks use the wasm backend with our
// kernels, as the tools do, instead of tfjs' pure-JS cpu default (~100× slower on conv nets).
// One thread unless TFJS_WASM_THREADS says otherwise: jest already runs test files side by side.
const { initBackend } = require('@anomaly-zoo/backend');

beforeAll(async () => {
  await initBackend({ backend: 'wasm', threads: process.env.TFJS_WASM_THREADS ?? 1, log: () => undefined });
});
