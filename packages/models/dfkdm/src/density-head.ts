import * as tf from '@tensorflow/tfjs';
import {
  DensityModel, densityFromJSON, DensityModelJSON, FeatureScaler, FeatureScalerJSON, GaussianKde, GaussianScorer, Pca, PcaJSON, pcaOptions,
} from '@anomaly-zoo/components';
import type { DfkdmConfig } from './config';

export interface DensityHeadJSON {
  pca: PcaJSON;
  scaler: FeatureScalerJSON;
  scorer: DensityModelJSON;
}

/** Backbone features → PCA → scaling → KDE or single Gaussian; score = −log density. */
export class DensityHead {
  private constructor(private readonly pca: Pca, private readonly scaler: FeatureScaler, private readonly scorer: DensityModel) {}

  /** features: [N, D] of normal images (not kept; the caller disposes it). */
  static fit(features: tf.Tensor2D, config: DfkdmConfig, seed: number): DensityHead {
    const pca = new Pca(pcaOptions(config.pca_components));
    const scaler = new FeatureScaler(config.scaling);
    const scorer: DensityModel =
      config.scorer === 'kde'
        ? new GaussianKde({ bandwidth: config.bandwidth, maxTrainingPoints: config.max_training_points, seed, ridge: config.ridge })
        : new GaussianScorer({ ridge: config.ridge });
    try {
      pca.fit(features);
      const projected = pca.transform(features);
      try {
        scaler.fit(projected);
        const scaled = scaler.transform(projected);
        try {
          scorer.fit(scaled);
        } finally {
          scaled.dispose();
        }
      } finally {
        projected.dispose();
      }
    } catch (error) {
      [pca, scaler, scorer].forEach((part) => part.dispose());
      throw error;
    }
    return new DensityHead(pca, scaler, scorer);
  }

  static fromJSON(json: DensityHeadJSON): DensityHead {
    return new DensityHead(Pca.fromJSON(json.pca), FeatureScaler.fromJSON(json.scaler), densityFromJSON(json.scorer));
  }

  /** features [N, D] → −log p, [N]. */
  score(features: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => this.scorer.score(this.scaler.transform(this.pca.transform(features))));
  }

  get components(): number {
    return this.pca.nComponents;
  }

  toJSON(): DensityHeadJSON {
    return { pca: this.pca.toJSON(), scaler: this.scaler.toJSON(), scorer: this.scorer.toJSON() };
  }

  dispose(): void {
    [this.pca, this.scaler, this.scorer].forEach((part) => part.dispose());
  }
}
