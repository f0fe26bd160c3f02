import type { CombineRule } from './config';

/** Where one score part sits on normal images: mean, standard deviation, and a quantile of its z-scores. */
export interface PartStats {
  mean: number;
  std: number;
  /** The `or_quantile` quantile of (value − mean) / std over the normal images. */
  zQuantile: number;
}

export interface Standardisation {
  reconstruction: PartStats;
  latent: PartStats;
}

export function partStats(values: ArrayLike<number>, quantile: number): PartStats {
  const n = values.length;
  if (n === 0) throw new Error('partStats: no values');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  const spread = Math.sqrt(squares / n);
  // A part that does not vary on normal images cannot be standardised; leave it unscaled.
  const std = spread > 1e-12 * Math.max(1, Math.abs(mean)) ? spread : 1;
  const z = Array.from(values, (v) => (v - mean) / std);
  return { mean, std, zQuantile: quantileOf(z, quantile) };
}

/** The q-quantile with linear interpolation between order statistics (numpy's default). */
export function quantileOf(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const fraction = position - below;
  return (sorted[below] as number) * (1 - fraction) + (sorted[above] as number) * fraction;
}

export interface CombinedScores {
  scores: Float32Array;
  reconstructionZ: Float32Array;
  latentZ: Float32Array;
}

export function combineParts(reconstruction: Float32Array, latentNll: Float32Array, stats: Standardisation, rule: CombineRule): CombinedScores {
  const standardise = (values: Float32Array, part: PartStats) => values.map((v) => (v - part.mean) / part.std);
  const reconstructionZ = standardise(reconstruction, stats.reconstruction);
  const latentZ = standardise(latentNll, stats.latent);
  const scores = reconstructionZ.map((r, i) => {
    const l = latentZ[i] as number;
    switch (rule) {
      case 'sum':
        return r + l;
      case 'max':
        return Math.max(r, l);
      case 'or-rule':
        return Math.max(r - stats.reconstruction.zQuantile, l - stats.latent.zQuantile);
    }
  });
  return { scores, reconstructionZ, latentZ };
}
