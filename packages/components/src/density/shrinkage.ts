import { UserError } from '@anomaly-zoo/core';

/**
 * How a covariance estimate is regularised before it is factorised: `none` (the unbiased sample covariance),
 * `ledoit_wolf` (the intensity estimated from the data), or a fixed intensity δ in [0, 1].
 */
export const SHRINKAGE_ESTIMATES = ['none', 'ledoit_wolf'] as const;
export type Shrinkage = (typeof SHRINKAGE_ESTIMATES)[number] | number;

export function checkShrinkage(shrinkage: Shrinkage, who: string): Shrinkage {
  if (shrinkage === 'none' || shrinkage === 'ledoit_wolf') return shrinkage;
  if (typeof shrinkage === 'number' && shrinkage >= 0 && shrinkage <= 1) return shrinkage;
  throw new UserError(`${who}: shrinkage must be 'none', 'ledoit_wolf' or a number in [0, 1], got ${JSON.stringify(shrinkage)}`);
}

/**
 * The Ledoit–Wolf (2004) intensity δ for shrinking the sample covariance S = XcᵀXc/n towards μ·I, μ = tr S/d,
 * from the centred rows xₖ of Xc [n, d] (row-major):
 *
 *   δ = min(b̄², d²) / d²,  d² = ‖S − μI‖²_F / d,  b̄² = (Σₖ ‖xₖ‖⁴ / n − ‖S‖²_F) / (d·n)
 *
 * (‖·‖²_F/d is the paper's normalised Frobenius norm; Σₖ‖xₖxₖᵀ − S‖²_F/n² = b̄²·d expands to the
 * second form, so no d×d matrix per row is formed). This is sklearn's `ledoit_wolf_shrinkage`. δ is 0
 * when S is already a multiple of I, and 1 when the sampling noise of S exceeds its distance from μI.
 * `covariance` is the UNBIASED covariance of the same rows (S·n/(n − 1)), row-major d×d.
 */
export function ledoitWolfIntensity(centred: Float64Array, covariance: Float64Array, n: number, d: number): number {
  const toBiased = (n - 1) / n;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += (covariance[i * d + i] as number) * toBiased;
  const mu = trace / d;
  let frobenius = 0;
  for (let i = 0; i < d * d; i++) frobenius += ((covariance[i] as number) * toBiased) ** 2;
  // ‖S − μI‖² = ‖S‖² − 2μ·tr S + d·μ²
  const distance = (frobenius - 2 * mu * trace + d * mu * mu) / d;
  let fourthPowers = 0;
  for (let k = 0; k < n; k++) {
    let squaredNorm = 0;
    for (let j = 0; j < d; j++) squaredNorm += (centred[k * d + j] as number) ** 2;
    fourthPowers += squaredNorm * squaredNorm;
  }
  const noise = Math.min((fourthPowers / n - frobenius) / (d * n), distance);
  return distance > 0 ? Math.max(0, noise) / distance : 0;
}

/** (1 − δ)·C + δ·(tr C / d)·I, in place: keeps the trace and pulls the spectrum towards its mean. */
export function shrinkTowardsIdentity(covariance: Float64Array, d: number, intensity: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < d; i++) trace += covariance[i * d + i] as number;
  const target = (intensity * trace) / d;
  for (let i = 0; i < d * d; i++) covariance[i] = (covariance[i] as number) * (1 - intensity);
  for (let i = 0; i < d; i++) covariance[i * d + i] = (covariance[i * d + i] as number) + target;
  return covariance;
}
