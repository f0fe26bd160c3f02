import * as tf from '@tensorflow/tfjs';
import { DensityModel, densityFromJSON, DensityModelJSON, GaussianKde, GaussianScorer, optionalPcaOptions, Pca, PcaJSON } from '@anomaly-zoo/components';
import type { LatentKdeConfig } from './config';

export interface LatentDensityJSON {
  pca: PcaJSON | null;
  density: DensityModelJSON;
}

type DensityOptions = Pick<LatentKdeConfig, 'pca_components' | 'density' | 'bandwidth' | 'ridge'>;

/** Latent codes [N, D] → optional PCA → Gaussian KDE or single Gaussian; score = −log p(code). */
export class LatentDensity {
  private constructor(
    private readonly pca: Pca | undefined,
    private readonly density: DensityModel,
  ) {}

  /** codes: normal images' codes (not kept; the caller disposes them). */
  static fit(codes: tf.Tensor2D, options: DensityOptions, seed: number): LatentDensity {
    const pcaSetting = optionalPcaOptions(options.pca_components);
    const pca = pcaSetting && new Pca(pcaSetting);
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
    return new LatentDensity(json.pca ? Pca.fromJSON(json.pca) : undefined, densityFromJSON(json.density));
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
