import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { GaussianKde, GaussianKdeJSON, GaussianScorer, GaussianScorerJSON, Pca, PcaJSON, PcaOptions } from '@anomaly-zoo/components';
import type { LatentKdeConfig } from './config';

export interface LatentDensityJSON {
  pca: PcaJSON | null;
  density: GaussianKdeJSON | GaussianScorerJSON;
}

type DensityOptions = Pick<LatentKdeConfig, 'pca_components' | 'density' | 'bandwidth' | 'ridge'>;

/** Latent codes [N, D] → optional PCA → Gaussian KDE or single Gaussian; score = −log p(code). */
export class LatentDensity {
  private constructor(
    private readonly pca: Pca | undefined,
    private readonly density: GaussianKde | GaussianScorer,
  ) {}

  /** codes: normal images' codes (not kept; the caller disposes them). */
  static fit(codes: tf.Tensor2D, options: DensityOptions, seed: number): LatentDensity {
    const pca = options.pca_components === 0 ? undefined : new Pca(pcaOptions(options.pca_components));
    const density =
      options.density === 'kde'
        ? new GaussianKde({ bandwidth: options.bandwidth, ridge: options.ridge, seed })
        : new GaussianScorer({ ridge: options.ridge });
    try {
      if (pca) {
        pca.fit(codes);
        const projected = pca.transform(codes);
        try {
          density.fit(projected);
        } finally {
          projected.dispose();
        }
      } else {
        density.fit(codes);
      }
    } catch (error) {
      pca?.dispose();
      density.dispose();
      throw error;
    }
    return new LatentDensity(pca, density);
  }

  static fromJSON(json: LatentDensityJSON): LatentDensity {
    const density = json.density.kind === 'GaussianKde' ? GaussianKde.fromJSON(json.density) : GaussianScorer.fromJSON(json.density as GaussianScorerJSON);
    return new LatentDensity(json.pca ? Pca.fromJSON(json.pca) : undefined, density);
  }

  /** −log p of each code, [N]. */
  negativeLogDensity(codes: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => this.density.score(this.pca ? this.pca.transform(codes) : codes));
  }

  toJSON(): LatentDensityJSON {
    return { pca: this.pca?.toJSON() ?? null, density: this.density.toJSON() };
  }

  dispose(): void {
    this.pca?.dispose();
    this.density.dispose();
  }
}

function pcaOptions(value: number): PcaOptions {
  if (value > 0 && value < 1) return { varianceFraction: value };
  if (Number.isInteger(value) && value >= 1) return { components: value };
  throw new UserError(`model.pca_components: must be 0 (no PCA), an integer >= 1 or a fraction in (0, 1), got ${value}`);
}
