// Ceilings of this machine, to read the conv rows against: the best fp32 GEMM rate tfjs-wasm reaches (XNNPACK,
// SIMD128, a large 1×1 conv = matrix product) and the native one (numpy's sgemm on OpenBLAS, AVX2 + FMA).
//   node bench/peak.js [threads]   Prints one JSON line. Never part of npm test.
const path = require('path');
const { execFileSync } = require('child_process');
const tf = require('@tensorflow/tfjs');

const ROOT = path.join(__dirname, '..');
const M = 4096; // pixels (64 × 64)
const K = 512;
const N = 512;

async function wasmGflops(threads) {
  await require(path.join(ROOT, 'packages', 'backend', 'dist')).initBackend({ backend: 'wasm', threads, log: () => undefined });
  const x = tf.randomUniform([1, 64, 64, K], 0, 1, 'float32', 1);
  const w = tf.randomUniform([1, 1, K, N], -0.1, 0.1, 'float32', 2);
  const times = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    const y = tf.conv2d(x, w, 1, 'valid');
    await y.data();
    y.dispose();
    if (i >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return (2 * M * K * N) / (times[times.length >> 1] * 1e6);
}

function nativeGflops(threads) {
  const code = `import time, numpy as np
a = np.random.rand(${M}, ${K}).astype(np.float32); b = np.random.rand(${K}, ${N}).astype(np.float32)
t = []
for i in range(12):
    t0 = time.perf_counter(); a @ b; t.append(time.perf_counter() - t0)
t.sort(); print(2 * ${M} * ${K} * ${N} / (t[len(t) // 2] * 1e9))`;
  try {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    return Number(execFileSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', env }).trim());
  } catch {
    return null;
  }
}

async function main() {
  const threads = Number(process.argv[2] ?? require('os').cpus().length);
  const native = nativeGflops(threads);
  const wasm = await wasmGflops(threads);
  process.stdout.write(`${JSON.stringify({ threads, shape: `${M}×${K} · ${K}×${N}`, wasm_gflops: wasm, native_gflops: native })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
