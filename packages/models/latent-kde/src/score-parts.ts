import { mean, percentile, populationStd } from '@anomaly-zoo/eval';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { op, scalar } from '@anomaly-zoo/components';
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
  if (values.length === 0) throw new Error('partStats: no values');
  const centre = mean(values);
  const spread = populationStd(values);
  // A part that does not vary on normal images cannot be standardised; leave it unscaled.
  const std = spread > 1e-12 * Math.max(1, Math.abs(centre)) ? spread : 1;
  const z = Array.from(values, (v) => (v - centre) / std);
  return { mean: centre, std, zQuantile: percentile(z, quantile * 100) };
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

/** combineParts' score as a graph, from the two parts [N] each. */
export function combinePartsGraph(g: GraphBuilder, reconstruction: string, latentNll: string, stats: Standardisation, rule: CombineRule): string {
  const standardise = (values: string, part: PartStats, shift: number) =>
    op(g, 'Sub', [op(g, 'Div', [op(g, 'Sub', [values, scalar(g, part.mean)]), scalar(g, part.std)]), scalar(g, shift)]);
  const orRule = rule === 'or-rule';
  const r = standardise(reconstruction, stats.reconstruction, orRule ? stats.reconstruction.zQuantile : 0);
  const l = standardise(latentNll, stats.latent, orRule ? stats.latent.zQuantile : 0);
  return op(g, rule === 'sum' ? 'Add' : 'Max', [r, l]);
}
