import { UserError } from '@anomaly-zoo/core';
import { cholesky, invertLower, logDeterminantFromCholesky, NotPositiveDefiniteError } from './cholesky';

export interface Whitening {
  /**
   * (L⁻¹)ᵀ as a row-major d×d float32 matrix, where Σ = L·Lᵀ: a row vector v maps to v·(L⁻¹)ᵀ,
   * whose squared norm is the Mahalanobis form vᵀ·Σ⁻¹·v.
   */
  matrix: Float32Array;
  /** log det Σ, in float64. */
  logDeterminant: number;
}

/** Factorises Σ = covariance·scale + ridge·scale·I; a UserError when it is not positive definite. */
export function whiteningFor(covariance: Float64Array, d: number, options: { ridge: number; scale?: number; who: string; samples: number }): Whitening {
  const scale = options.scale ?? 1;
  const sigma = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) sigma[i] = (covariance[i] as number) * scale;
  for (let i = 0; i < d; i++) sigma[i * d + i] = (sigma[i * d + i] as number) + options.ridge * scale;
  let l: Float64Array;
  try {
    l = cholesky(sigma, d);
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    throw new UserError(
      `${options.who}: the covariance of the ${options.samples} training samples in ${d} dimensions is singular ` +
        `(constant or collinear features, or no more samples than dimensions); set ridge > 0 (current ${options.ridge})`,
    );
  }
  const lInverse = invertLower(l, d);
  const matrix = new Float32Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) matrix[i * d + j] = lInverse[j * d + i] as number;
  return { matrix, logDeterminant: logDeterminantFromCholesky(l, d) };
}
