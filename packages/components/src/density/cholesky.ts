import * as tf from '@tensorflow/tfjs';

/*
 * Cholesky factorisation and triangular solves on row-major typed arrays, in double precision.
 * Matrices are n×n (or n×m right-hand sides) stored row-major; lower-triangular factors keep zeros
 * above the diagonal. The batched variants run the same code over a [batch, n, n] tensor.
 */

/** Thrown when a matrix handed to {@link cholesky} is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends Error {
  constructor(readonly pivotIndex: number) {
    super(`matrix is not positive definite (pivot ${pivotIndex} is not > 0)`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Lower-triangular L with A = L·Lᵀ. Reads only the lower triangle of A; throws NotPositiveDefiniteError. */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  expectLength(a, n * n, 'cholesky');
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[rowI + k] as number) * (l[rowJ + k] as number);
      if (i === j) {
        if (!(sum > 0)) throw new NotPositiveDefiniteError(i);
        l[rowI + i] = Math.sqrt(sum);
      } else {
        l[rowI + j] = sum / (l[rowJ + j] as number);
      }
    }
  }
  return l;
}

/** Solves L·X = B for X (B is n×m, row-major), L lower-triangular. */
export function solveLower(l: ArrayLike<number>, b: ArrayLike<number>, n: number, m = 1): Float64Array {
  return solveTriangular(l, b, n, m, false, 'solveLower');
}

/** Solves Lᵀ·X = B for X (B is n×m, row-major), L lower-triangular. */
export function solveLowerTransposed(l: ArrayLike<number>, b: ArrayLike<number>, n: number, m = 1): Float64Array {
  return solveTriangular(l, b, n, m, true, 'solveLowerTransposed');
}

/**
 * Substitution with T = L (forward, rows 0…n−1) or T = Lᵀ (backward, rows n−1…0): row i of X is
 * (Bᵢ − Σₖ Tᵢₖ·Xₖ) / Tᵢᵢ over the rows k already solved (k < i, or k > i for Lᵀ, ascending), Tᵢₖ = L[i,k] or L[k,i].
 */
function solveTriangular(l: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number, transposed: boolean, name: string): Float64Array {
  expectLength(l, n * n, name);
  expectLength(b, n * m, name);
  const x = Float64Array.from(b);
  for (let step = 0; step < n; step++) {
    const i = transposed ? n - 1 - step : step;
    const [from, to] = transposed ? [i + 1, n] : [0, i];
    for (let k = from; k < to; k++) {
      const tik = l[transposed ? k * n + i : i * n + k] as number;
      if (tik === 0) continue;
      for (let c = 0; c < m; c++) x[i * m + c] = (x[i * m + c] as number) - tik * (x[k * m + c] as number);
    }
    const tii = l[i * n + i] as number;
    for (let c = 0; c < m; c++) x[i * m + c] = (x[i * m + c] as number) / tii;
  }
  return x;
}

/** L⁻¹ of a lower-triangular L (itself lower-triangular). */
export function invertLower(l: ArrayLike<number>, n: number): Float64Array {
  expectLength(l, n * n, 'invertLower');
  const inverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inverse[j * n + j] = 1 / (l[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += (l[i * n + k] as number) * (inverse[k * n + j] as number);
      inverse[i * n + j] = -sum / (l[i * n + i] as number);
    }
  }
  return inverse;
}

/** A⁻¹ = L⁻ᵀ·L⁻¹ from A's Cholesky factor L; exactly symmetric. */
export function inverseFromCholesky(l: ArrayLike<number>, n: number): Float64Array {
  const lInverse = invertLower(l, n);
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += (lInverse[k * n + i] as number) * (lInverse[k * n + j] as number);
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}

/** log det A = 2·Σ log Lᵢᵢ. */
export function logDeterminantFromCholesky(l: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(l[i * n + i] as number);
  return 2 * sum;
}

/** Cholesky factors of a [batch, n, n] stack of SPD matrices (float64 inside, float32 out). */
export function choleskyBatched(a: tf.Tensor3D): tf.Tensor3D {
  return mapSquareMatrices(a, cholesky);
}

/** Inverses of a [batch, n, n] stack of lower-triangular matrices. */
export function invertLowerBatched(l: tf.Tensor3D): tf.Tensor3D {
  return mapSquareMatrices(l, invertLower);
}

/**
 * W = L⁻¹ (A = L·Lᵀ) for every matrix of a row-major stack of `batch` n×n SPD matrices, float64 in (e.g.
 * RunningMoments' covariances), float32 out, so that A⁻¹ = Wᵀ·W and (x − μ)ᵀ·A⁻¹·(x − μ) = ‖W·(x − μ)‖²: the
 * whitening factors of per-position Gaussians (PaDiM). Throws NotPositiveDefiniteError at the first matrix that is
 * not positive definite.
 */
export function inverseCholeskyStack(a: ArrayLike<number>, batch: number, n: number): Float32Array {
  expectLength(a, batch * n * n, 'inverseCholeskyStack');
  return mapMatrixStack(a, batch, n, inverseCholesky);
}

function inverseCholesky(a: ArrayLike<number>, n: number): Float64Array {
  return invertLower(cholesky(a, n), n);
}

/** Inverses of a [batch, n, n] stack of SPD matrices, through their Cholesky factors. */
export function inverseSpdBatched(a: tf.Tensor3D): tf.Tensor3D {
  return mapSquareMatrices(a, (matrix, n) => inverseFromCholesky(cholesky(matrix, n), n));
}

/**
 * Solves L·X = B (or Lᵀ·X = B with `transposed`) for each item of a batch: l is [batch, n, n]
 * lower-triangular, b is [batch, n, m].
 */
export function solveLowerBatched(l: tf.Tensor3D, b: tf.Tensor3D, transposed = false): tf.Tensor3D {
  const [batch, n, n2] = l.shape;
  const [batchB, nB, m] = b.shape;
  if (n !== n2) throw new Error(`solveLowerBatched: expected square matrices, got ${l.shape}`);
  if (batchB !== batch || nB !== n) throw new Error(`solveLowerBatched: right-hand sides ${b.shape} do not match ${l.shape}`);
  const lData = Float32Array.from(l.dataSync());
  const bData = Float32Array.from(b.dataSync());
  const out = new Float32Array(batch * n * m);
  const solve = transposed ? solveLowerTransposed : solveLower;
  for (let item = 0; item < batch; item++) {
    const x = solve(lData.subarray(item * n * n, (item + 1) * n * n), bData.subarray(item * n * m, (item + 1) * n * m), n, m);
    out.set(x, item * n * m);
  }
  return tf.tensor3d(out, [batch, n, m]);
}

function mapSquareMatrices(a: tf.Tensor3D, map: (matrix: ArrayLike<number>, n: number) => Float64Array): tf.Tensor3D {
  const [batch, n, n2] = a.shape;
  if (n !== n2) throw new Error(`expected a stack of square matrices, got shape ${a.shape}`);
  return tf.tensor3d(mapMatrixStack(a.dataSync(), batch, n, map), [batch, n, n]);
}

function mapMatrixStack(data: ArrayLike<number>, batch: number, n: number, map: (matrix: ArrayLike<number>, n: number) => Float64Array): Float32Array {
  const size = n * n;
  const out = new Float32Array(batch * size);
  const matrix = new Float64Array(size);
  for (let item = 0; item < batch; item++) {
    for (let i = 0; i < size; i++) matrix[i] = data[item * size + i] as number;
    out.set(map(matrix, n), item * size);
  }
  return out;
}

function expectLength(a: ArrayLike<number>, length: number, name: string): void {
  if (a.length !== length) throw new Error(`${name}: expected ${length} entries, got ${a.length}`);
}
