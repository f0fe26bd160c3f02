/*
 * Symmetric products of a row-major n×d matrix X in double precision. These run in plain JS: on the
 * cpu backend they are several times faster than a float32 tf.matMul (they compute one triangle and
 * stream eight rows at a time), and the float64 sums keep small covariance eigenvalues meaningful.
 */

/** Column means of X and the centred copy X − 1·meanᵀ, both float64. */
export function centreColumns(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; centred: Float64Array } {
  if (x.length !== n * d) throw new Error(`centreColumns: expected ${n * d} entries, got ${x.length}`);
  const mean = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (x[s * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  const centred = new Float64Array(n * d);
  for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) centred[s * d + j] = (x[s * d + j] as number) - (mean[j] as number);
  return { mean, centred };
}

/** XᵀX (d×d, exactly symmetric). */
export function crossProduct(x: Float64Array, n: number, d: number): Float64Array {
  if (x.length !== n * d) throw new Error(`crossProduct: expected ${n * d} entries, got ${x.length}`);
  const c = new Float64Array(d * d);
  let s = 0;
  // Eight rows per sweep over the upper triangle: one read-modify-write of c per eight products.
  for (; s + 8 <= n; s += 8) {
    const o0 = s * d;
    const [o1, o2, o3, o4, o5, o6, o7] = [o0 + d, o0 + 2 * d, o0 + 3 * d, o0 + 4 * d, o0 + 5 * d, o0 + 6 * d, o0 + 7 * d];
    for (let i = 0; i < d; i++) {
      const a0 = x[o0 + i] as number;
      const a1 = x[o1 + i] as number;
      const a2 = x[o2 + i] as number;
      const a3 = x[o3 + i] as number;
      const a4 = x[o4 + i] as number;
      const a5 = x[o5 + i] as number;
      const a6 = x[o6 + i] as number;
      const a7 = x[o7 + i] as number;
      const row = i * d;
      for (let j = i; j < d; j++) {
        c[row + j] =
          (c[row + j] as number) +
          a0 * (x[o0 + j] as number) +
          a1 * (x[o1 + j] as number) +
          a2 * (x[o2 + j] as number) +
          a3 * (x[o3 + j] as number) +
          a4 * (x[o4 + j] as number) +
          a5 * (x[o5 + j] as number) +
          a6 * (x[o6 + j] as number) +
          a7 * (x[o7 + j] as number);
      }
    }
  }
  for (; s < n; s++) {
    const o = s * d;
    for (let i = 0; i < d; i++) {
      const a = x[o + i] as number;
      const row = i * d;
      for (let j = i; j < d; j++) c[row + j] = (c[row + j] as number) + a * (x[o + j] as number);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) c[i * d + j] = c[j * d + i] as number;
  return c;
}

/** X·Xᵀ (n×n, exactly symmetric): the inner products of the rows. */
export function gramMatrix(x: Float64Array, n: number, d: number): Float64Array {
  if (x.length !== n * d) throw new Error(`gramMatrix: expected ${n * d} entries, got ${x.length}`);
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const oa = a * d;
    for (let b = 0; b <= a; b++) {
      const ob = b * d;
      let sum = 0;
      for (let j = 0; j < d; j++) sum += (x[oa + j] as number) * (x[ob + j] as number);
      g[a * n + b] = sum;
      g[b * n + a] = sum;
    }
  }
  return g;
}
