import * as tf from '@tensorflow/tfjs';
import { createRng } from '@anomaly-zoo/core';
import {
  cholesky,
  choleskyBatched,
  inverseCholeskyStack,
  inverseFromCholesky,
  inverseSpdBatched,
  invertLower,
  invertLowerBatched,
  logDeterminantFromCholesky,
  NotPositiveDefiniteError,
  solveLower,
  solveLowerBatched,
  solveLowerTransposed,
} from './cholesky';
import { expectAllClose, multiply, transpose } from './test-utils/expect-close';

// A classic SPD example whose factor is all integers: A = L·Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]].
const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
const L = [2, 0, 0, 6, 1, 0, -8, 5, 3];

describe('cholesky', () => {
  it('factors a known 3×3 SPD matrix and L·Lᵀ reconstructs it', () => {
    const l = cholesky(A, 3);
    expectAllClose(l, L, 1e-14);
    expectAllClose(multiply(l, transpose(l, 3, 3), 3, 3, 3), A, 1e-14);
  });

  it('reads only the lower triangle', () => {
    const upperGarbage = [4, 99, 99, 12, 37, 99, -16, -43, 98];
    expectAllClose(cholesky(upperGarbage, 3), L, 1e-14);
  });

  it('rejects indefinite and singular matrices with the failing pivot', () => {
    expect(() => cholesky([1, 2, 2, 1], 2)).toThrow(NotPositiveDefiniteError);
    try {
      cholesky([1, 1, 1, 1], 2);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(NotPositiveDefiniteError);
      expect((error as NotPositiveDefiniteError).pivotIndex).toBe(1);
    }
    expect(() => cholesky([NaN], 1)).toThrow(NotPositiveDefiniteError);
  });

  it('rejects a wrongly sized input', () => {
    expect(() => cholesky([1, 2, 3], 2)).toThrow(/expected 4 entries/);
  });

  it('log det A = 2·Σ log Lᵢᵢ: det A = (2·1·3)² = 36', () => {
    expect(logDeterminantFromCholesky(L, 3)).toBeCloseTo(Math.log(36), 14);
  });
});

describe('triangular solves', () => {
  it('solves L·x = b and Lᵀ·x = b for x = (1, 2, 3)', () => {
    // L·(1,2,3) = (2, 6+2, −8+10+9); Lᵀ·(1,2,3) = (2+12−24, 2+15, 9).
    expectAllClose(solveLower(L, [2, 8, 11], 3), [1, 2, 3], 1e-14);
    expectAllClose(solveLowerTransposed(L, [-10, 17, 9], 3), [1, 2, 3], 1e-14);
  });

  it('handles several right-hand sides at once', () => {
    // Columns (1,2,3) and (1,0,0): L·(1,0,0) = (2,6,−8).
    expectAllClose(solveLower(L, [2, 2, 8, 6, 11, -8], 3, 2), [1, 1, 2, 0, 3, 0], 1e-14);
  });

  it('inverts a lower-triangular matrix: [[2,0],[6,1]]⁻¹ = [[1/2,0],[−3,1]]', () => {
    expectAllClose(invertLower([2, 0, 6, 1], 2), [0.5, 0, -3, 1], 1e-15);
    expectAllClose(multiply(L, invertLower(L, 3), 3, 3, 3), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-14);
  });

  it('inverts an SPD matrix from its factor: [[4,2],[2,3]]⁻¹ = [[3,−2],[−2,4]]/8', () => {
    const inverse = inverseFromCholesky(cholesky([4, 2, 2, 3], 2), 2);
    expectAllClose(inverse, [3 / 8, -2 / 8, -2 / 8, 4 / 8], 1e-15);
    expect(inverse[1]).toBe(inverse[2]);
  });
});

describe('batched', () => {
  it('factors, inverts and solves each matrix of a stack', () => {
    const stack = tf.tensor3d([...A, 1, 0, 0, 0, 4, 0, 0, 0, 9], [2, 3, 3]);
    const factors = choleskyBatched(stack);
    expect(factors.shape).toEqual([2, 3, 3]);
    expectAllClose(factors.dataSync(), [...L, 1, 0, 0, 0, 2, 0, 0, 0, 3], 1e-6);

    const inverses = invertLowerBatched(factors);
    expectAllClose(inverses.dataSync().slice(9), [1, 0, 0, 0, 1 / 2, 0, 0, 0, 1 / 3], 1e-6);

    const rhs = tf.tensor3d([2, 8, 11, 1, 2, 3], [2, 3, 1]);
    const solved = solveLowerBatched(factors, rhs);
    expectAllClose(solved.dataSync(), [1, 2, 3, 1, 1, 1], 1e-5);
    const solvedTransposed = solveLowerBatched(factors, tf.tensor3d([-10, 17, 9, 1, 2, 3], [2, 3, 1]), true);
    expectAllClose(solvedTransposed.dataSync(), [1, 2, 3, 1, 1, 1], 1e-5);
    tf.dispose([stack, factors, inverses, rhs, solved, solvedTransposed]);
  });

  it('inverts a stack of SPD matrices', () => {
    const stack = tf.tensor3d([4, 2, 2, 3, 2, 0, 0, 0.5], [2, 2, 2]);
    const inverses = inverseSpdBatched(stack);
    expectAllClose(inverses.dataSync(), [3 / 8, -2 / 8, -2 / 8, 4 / 8, 0.5, 0, 0, 2], 1e-6);
    tf.dispose([stack, inverses]);
  });

  it('gives the inverse Cholesky factor W = L⁻¹ of each matrix: [[4,2],[2,2]] → L = [[2,0],[1,1]], W = [[1/2,0],[−1/2,1]]', () => {
    const stack = [4, 2, 2, 2, 9, 0, 0, 1];
    expectAllClose(inverseCholeskyStack(stack, 2, 2), [0.5, 0, -0.5, 1, 1 / 3, 0, 0, 1], 1e-7);
  });

  it('whitens a random SPD stack: Wᵀ·W·A = I, W lower-triangular', () => {
    const n = 7;
    // B·Bᵀ + 0.1·I for random B.
    const rng = createRng(3);
    const stack = [0, 1, 2].flatMap(() => {
      const b = Array.from({ length: n * n }, () => rng.normal());
      return Array.from(multiply(b, transpose(b, n, n), n, n, n), (v, i) => v + (i % (n + 1) === 0 ? 0.1 : 0));
    });
    const w = inverseCholeskyStack(stack, 3, n);
    for (let item = 0; item < 3; item++) {
      const wi = Array.from(w.subarray(item * n * n, (item + 1) * n * n));
      const product = multiply(multiply(transpose(wi, n, n), wi, n, n, n), stack.slice(item * n * n, (item + 1) * n * n), n, n, n);
      expectAllClose(product, Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)), 1e-4);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(wi[i * n + j]).toBe(0);
    }
  });

  it('names a matrix of the stack that is not positive definite', () => {
    // The second has eigenvalues 3 and −1.
    expect(() => inverseCholeskyStack([4, 0, 0, 1, 1, 2, 2, 1], 2, 2)).toThrow(NotPositiveDefiniteError);
  });

  it('rejects non-square stacks and mismatched right-hand sides', () => {
    const rect = tf.zeros([1, 2, 3]) as tf.Tensor3D;
    const square = tf.eye(2).reshape([1, 2, 2]) as tf.Tensor3D;
    const rhs = tf.zeros([1, 3, 1]) as tf.Tensor3D;
    expect(() => choleskyBatched(rect)).toThrow(/square/);
    expect(() => solveLowerBatched(square, rhs)).toThrow(/do not match/);
    tf.dispose([rect, square, rhs]);
  });
});
