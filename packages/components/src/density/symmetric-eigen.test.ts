import { createRng } from '@anomaly-zoo/core';
import { makeLargestEntryPositive, symmetricEigen } from './symmetric-eigen';
import { expectAllClose, multiply, transpose } from './test-utils/expect-close';

/** The tridiagonal Toeplitz matrix tridiag(−1, 2, −1) of size n. */
function secondDifference(n: number): number[] {
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 2;
    if (i > 0) a[i * n + i - 1] = -1;
    if (i < n - 1) a[i * n + i + 1] = -1;
  }
  return a;
}

function row(vectors: Float64Array, i: number, n: number): number[] {
  return Array.from(vectors.subarray(i * n, (i + 1) * n));
}

describe('symmetricEigen', () => {
  it('[[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/√2 and (1,−1)/√2', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expectAllClose(values, [3, 1], 1e-15);
    expectAllClose(row(vectors, 0, 2), [Math.SQRT1_2, Math.SQRT1_2], 1e-15);
    // Both entries have |v| = 1/√2: on a tie the first entry is made positive.
    expectAllClose(row(vectors, 1, 2), [Math.SQRT1_2, -Math.SQRT1_2], 1e-15);
  });

  it('tridiag(−1,2,−1) of size 3: 2+√2, 2, 2−√2 with vectors (1,−√2,1)/2, (1,0,−1)/√2, (1,√2,1)/2', () => {
    const { values, vectors } = symmetricEigen(secondDifference(3), 3);
    expectAllClose(values, [2 + Math.SQRT2, 2, 2 - Math.SQRT2], 1e-14);
    // Largest-|value| entry positive: −√2/2 is the largest of the first, so the sign flips.
    expectAllClose(row(vectors, 0, 3), [-0.5, Math.SQRT1_2, -0.5], 1e-14);
    expectAllClose(row(vectors, 1, 3), [Math.SQRT1_2, 0, -Math.SQRT1_2], 1e-14);
    expectAllClose(row(vectors, 2, 3), [0.5, Math.SQRT1_2, 0.5], 1e-14);
  });

  it('tridiag(−1,2,−1) of size 12 matches λ_k = 2 − 2cos(kπ/13), v_k(j) ∝ sin(jkπ/13)', () => {
    const n = 12;
    const { values, vectors } = symmetricEigen(secondDifference(n), n);
    for (let k = 1; k <= n; k++) {
      const index = n - k; // largest first
      expect(values[index]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
      const expected = Array.from({ length: n }, (_, j) => Math.sqrt(2 / (n + 1)) * Math.sin(((j + 1) * k * Math.PI) / (n + 1)));
      const v = row(vectors, index, n);
      const sign = Math.sign(v.reduce((s, x, j) => s + x * (expected[j] as number), 0));
      expectAllClose(v.map((x) => x * sign), expected, 1e-12);
    }
  });

  it('handles repeated eigenvalues with an orthonormal basis', () => {
    const { values, vectors } = symmetricEigen([3, 0, 0, 0, 1, 0, 0, 0, 3], 3);
    expectAllClose(values, [3, 3, 1], 1e-15);
    expectAllClose(multiply(vectors, transpose(vectors, 3, 3), 3, 3, 3), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-14);
    expectAllClose(row(vectors, 2, 3), [0, 1, 0], 1e-15);
  });

  it('decomposes a random symmetric 40×40 matrix: A·v = λ·v, Vᵀ·V = I, Σλ = trace', () => {
    const n = 40;
    const rng = createRng(7);
    const a = new Array<number>(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1] as number);
    for (let i = 0; i < n; i++) {
      const v = row(vectors, i, n);
      expectAllClose(multiply(a, v, n, n, 1), v.map((x) => x * (values[i] as number)), 1e-12);
    }
    const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    expectAllClose(multiply(vectors, transpose(vectors, n, n), n, n, n), identity, 1e-13);
    const trace = Array.from({ length: n }, (_, i) => a[i * n + i] as number).reduce((s, x) => s + x, 0);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 11);
  });

  it('handles 1×1, zero and already-diagonal matrices', () => {
    expectAllClose(symmetricEigen([5], 1).values, [5]);
    expectAllClose(symmetricEigen([0, 0, 0, 0], 2).values, [0, 0]);
    const { values, vectors } = symmetricEigen([1, 0, 0, 4], 2);
    expectAllClose(values, [4, 1]);
    expectAllClose(vectors, [0, 1, 1, 0]);
  });

  it('leaves its input alone', () => {
    const a = new Float64Array([2, 1, 1, 2]);
    symmetricEigen(a, 2);
    expect(Array.from(a)).toEqual([2, 1, 1, 2]);
  });

  it('rejects a wrongly sized input', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/expected 4 entries/);
  });
});

describe('makeLargestEntryPositive', () => {
  it('flips a vector whose largest-magnitude entry is negative', () => {
    const v = new Float64Array([0.1, -0.9, 0.3]);
    makeLargestEntryPositive(v);
    expect(Array.from(v)).toEqual([-0.1, 0.9, -0.3]);
    makeLargestEntryPositive(v);
    expect(Array.from(v)).toEqual([-0.1, 0.9, -0.3]);
  });
});

describe('makeLargestEntryPositive on near-ties', () => {
  it('lets the first of nearly equal largest entries decide', () => {
    const v = new Float64Array([-0.7071067, 0.70710678, 0]);
    makeLargestEntryPositive(v);
    expect(v[0]).toBeGreaterThan(0);
  });
});
