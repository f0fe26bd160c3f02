/** Element-wise |actual − expected| ≤ tolerance·max(1, |expected|), with the failing index in the message. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const allowed = tolerance * Math.max(1, Math.abs(e));
    if (!(Math.abs(a - e) <= allowed)) throw new Error(`index ${i}: expected ${e}, got ${a} (tolerance ${allowed})`);
  }
}

/** Row-major product of an (r×k) and a (k×c) matrix, for checking factorisations by hand. */
export function multiply(a: ArrayLike<number>, b: ArrayLike<number>, r: number, k: number, c: number): number[] {
  const out = new Array<number>(r * c).fill(0);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let p = 0; p < k; p++) out[i * c + j]! += (a[i * k + p] as number) * (b[p * c + j] as number);
  return out;
}

export function transpose(a: ArrayLike<number>, r: number, c: number): number[] {
  const out = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j] as number;
  return out;
}
