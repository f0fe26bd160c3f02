import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { nodeModulesDir, transpileSources } from '../test-utils/transpile';

// A conv2d forward and both of its gradients on wasm with N threads; prints the setup and the values as JSON.
const CHILD = `
const tf = require('@tensorflow/tfjs');
const { startWasm } = require(process.env.BACKEND_SRC + '/wasm/setup.js');
const values = (shape, seed) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) },
  (_, i) => Math.sin(i * 12.9898 + seed) * 0.5), shape);
startWasm(Number(process.argv[2])).then((setup) => {
  const x = values([4, 32, 32, 8], 1);
  const filter = values([3, 3, 8, 16], 2);
  const y = tf.conv2d(x, filter, 2, 'same');
  const [dx, dw] = tf.grads((a, b) => tf.conv2d(a, b, 2, 'same').square().sum())([x, filter]);
  process.stdout.write(JSON.stringify({ setup, backend: tf.getBackend(), y: Array.from(y.dataSync()),
    dx: Array.from(dx.dataSync()), dw: Array.from(dw.dataSync()) }));
});
`;

interface ChildResult { ms: number; out: { setup: { threads: number; note?: string }; backend: string; y: number[]; dx: number[]; dw: number[] } }

let dir: string;

beforeAll(() => {
  dir = transpileSources(path.join(__dirname, '..'));
  fs.writeFileSync(path.join(dir, 'child.js'), CHILD);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(threads: number): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(dir, 'child.js'), String(threads)], {
      env: { ...process.env, NODE_PATH: nodeModulesDir(), BACKEND_SRC: dir }, timeout: 30_000, maxBuffer: 64 << 20,
    }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child with ${threads} threads failed (${error.signal ?? error.code}): ${stderr}`));
      else resolve({ ms: Date.now() - started, out: JSON.parse(stdout) });
    });
  });
}

test('with 2 threads a child process runs convs on wasm, prints, exits by itself, and matches 1 thread', async () => {
  const [two, one] = await Promise.all([run(2), run(1)]);
  expect(two.out.backend).toBe('wasm');
  expect(two.out.setup.threads).toBe(2);
  expect(two.out.setup.note).toBeUndefined();
  expect(one.out.setup.threads).toBe(1);
  expect(two.ms).toBeLessThan(10_000);
  expect(two.out.y).toEqual(one.out.y);
  expect(two.out.dx).toEqual(one.out.dx);
  expect(two.out.dw).toEqual(one.out.dw);
});
