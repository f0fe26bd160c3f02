import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';
import { cholesky, invertLower } from './cholesky';
import { inverseCholeskyBatched, isFiniteStack } from './inverse-cholesky-batched';

/** A random SPD matrix B·Bᵀ + 0.1·I, row-major. */
function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const b = Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) sum += (b[i * n + k] as number) * (b[j * n + k] as number);
      a[i * n + j] = sum;
    }
  return a;
}

describe('inverseCholeskyBatched', () => {
  it.each([1, 2, 7, 16])('matches the float64 L⁻¹ of every matrix in a stack (n = %i)', (n) => {
    const matrices = [0, 1, 2, 3].map((s) => randomSpd(n, 100 * n + s));
    const stack = tf.tensor3d(Float32Array.from(matrices.flatMap((m) => Array.from(m))), [matrices.length, n, n]);
    const w = inverseCholeskyBatched(stack);
    const got = w.dataSync();
    matrices.forEach((m, item) => {
      const expected = invertLower(cholesky(m, n), n);
      const scale = Math.max(...Array.from(expected, Math.abs));
      for (let i = 0; i < n * n; i++) expect(Math.abs((got[item * n * n + i] as number) - (expected[i] as number))).toBeLessThan(2e-4 * scale);
    });
    // Wᵀ·W·A = I, and W is lower-triangular.
    const identity = tf.tidy(() => tf.matMul(tf.matMul(w, w, true, false), stack));
    const eye = tf.eye(n, n, [matrices.length]);
    expect(tf.max(tf.abs(tf.sub(identity, eye))).dataSync()[0]).toBeLessThan(1e-3);
    const upper = tf.tidy(() => tf.mul(w, tf.sub(1, tf.linalg.bandPart(tf.ones([n, n]), -1, 0))));
    expect(tf.max(tf.abs(upper)).dataSync()[0]).toBe(0);
    expect(isFiniteStack(w)).toBe(true);
    tf.dispose([stack, w, identity, eye, upper]);
  });

  it('marks a matrix that is not positive definite with non-finite entries', () => {
    const stack = tf.tensor3d([4, 0, 0, 1, 1, 2, 2, 1], [2, 2, 2]); // the second has eigenvalues 3 and −1
    const w = inverseCholeskyBatched(stack);
    expect(isFiniteStack(w)).toBe(false);
    expect(isFiniteStack(tf.slice(w, [0, 0, 0], [1, 2, 2]))).toBe(true);
    tf.dispose([stack, w]);
  });

  it('leaves no tensors behind', () => {
    const stack = tf.tensor3d(Float32Array.from(randomSpd(5, 3)), [1, 5, 5]);
    const before = tf.memory().numTensors;
    inverseCholeskyBatched(stack).dispose();
    expect(tf.memory().numTensors).toBe(before);
    stack.dispose();
  });
});
