import { UserError } from '@anomaly-zoo/core';

/**
 * A KDE bandwidth as in scipy.stats.gaussian_kde: a rule name or an explicit factor h. The kernel
 * covariance is the data covariance × h².
 */
export const BANDWIDTH_RULES = ['scott', 'silverman'] as const;
export type Bandwidth = (typeof BANDWIDTH_RULES)[number] | number;

/** Scott's rule: n^(−1/(d+4)). */
export function scottFactor(samples: number, dimensions: number): number {
  return samples ** (-1 / (dimensions + 4));
}

/** Silverman's rule: (n·(d+2)/4)^(−1/(d+4)). */
export function silvermanFactor(samples: number, dimensions: number): number {
  return ((samples * (dimensions + 2)) / 4) ** (-1 / (dimensions + 4));
}

export function bandwidthFactor(bandwidth: Bandwidth, samples: number, dimensions: number): number {
  if (bandwidth === 'scott') return scottFactor(samples, dimensions);
  if (bandwidth === 'silverman') return silvermanFactor(samples, dimensions);
  return checkBandwidth(bandwidth) as number;
}

export function checkBandwidth(bandwidth: Bandwidth): Bandwidth {
  if (bandwidth === 'scott' || bandwidth === 'silverman') return bandwidth;
  if (typeof bandwidth === 'number' && Number.isFinite(bandwidth) && bandwidth > 0) return bandwidth;
  throw new UserError(`bandwidth must be 'scott', 'silverman' or a number > 0, got ${JSON.stringify(bandwidth)}`);
}
