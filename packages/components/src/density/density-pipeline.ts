import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import type { DensityConfig } from './density-config';
import { DensityModel, densityFromJSON, DensityModelJSON } from './density-model';
import { FeatureScaler, FeatureScalerJSON } from './feature-scaler';
import { GaussianKde } from './gaussian-kde';
import { GaussianScorer } from './gaussian-scorer';
import { optionalPcaOptions, Pca, PcaJSON } from './pca';
import type { GraphBuilder } from '@anomaly-zoo/core';

export interface DensityPipelineJSON {
  kind: 'DensityPipeline';
  version: 1;
  /** null: no PCA. */
  pca: PcaJSON | null;
  /** null: no scaling. */
  scaler: FeatureScalerJSON | null;
  density: DensityModelJSON;
}

/**
 * Heads saved before the pipeline existed, still read: DFKDM's model file version 1 (`{ pca, scaler, scorer }`)
 * and latent-kde's density file version 1 (`{ pca | null, density }`). Their parts are the same components'
 * JSON, so they score exactly as they did.
 */
export type LegacyDensityHeadJSON = { pca: PcaJSON; scaler: FeatureScalerJSON; scorer: DensityModelJSON } | { pca: PcaJSON | null; density: DensityModelJSON };

/** Which parts of DensityConfig are used; a fit with the others left out keeps each part's default. */
export type DensityPipelineOptions = Pick<DensityConfig, 'pca_components' | 'scaling' | 'density' | 'bandwidth' | 'shrinkage' | 'ridge' | 'max_training_points'>;

/** Checks the settings that the schema cannot (the PCA setting's integer-or-fraction form) before any data is read. */
export function checkDensityOptions(options: Pick<DensityConfig, 'pca_components'>): void {
  optionalPcaOptions(options.pca_components);
}

/**
 * Features [N, D] → optional PCA → optional scaling → Gaussian KDE or one Gaussian; score = −log p, in nats.
 * One pipeline for every feature-density model; see README.md of this folder for each step.
 */
export class DensityPipeline {
  private constructor(
    private readonly pca: Pca | undefined,
    private readonly scaler: FeatureScaler | undefined,
    private readonly density: DensityModel,
  ) {}

  /** features: normal samples [N, D] (not kept; the caller disposes them). `seed` drives the KDE's subsampling. */
  static fit(features: tf.Tensor2D, options: DensityPipelineOptions, seed: number): DensityPipeline {
    const pcaSetting = optionalPcaOptions(options.pca_components);
    const pca = pcaSetting && new Pca(pcaSetting);
    const scaler = options.scaling === 'none' ? undefined : new FeatureScaler(options.scaling);
    const density: DensityModel =
      options.density === 'kde'
        ? new GaussianKde({ bandwidth: options.bandwidth, maxTrainingPoints: options.max_training_points, seed, ridge: options.ridge, shrinkage: options.shrinkage })
        : new GaussianScorer({ ridge: options.ridge, shrinkage: options.shrinkage });
    const owned: tf.Tensor[] = [];
    try {
      let x: tf.Tensor2D = features;
      if (pca) {
        pca.fit(x);
        x = pca.transform(x);
        owned.push(x);
      }
      if (scaler) {
        scaler.fit(x);
        x = scaler.transform(x);
        owned.push(x);
      }
      density.fit(x);
    } catch (error) {
      pca?.dispose();
      scaler?.dispose();
      density.dispose();
      throw error;
    } finally {
      tf.dispose(owned);
    }
    return new DensityPipeline(pca, scaler, density);
  }

  static fromJSON(json: DensityPipelineJSON | LegacyDensityHeadJSON): DensityPipeline {
    if (json === null || typeof json !== 'object') throw new UserError('DensityPipeline: expected an object');
    const { pca, scaler, density } = partsOf(json);
    const parts: { dispose(): void }[] = [];
    try {
      const restoredPca = pca ? Pca.fromJSON(pca) : undefined;
      if (restoredPca) parts.push(restoredPca);
      const restoredScaler = scaler ? FeatureScaler.fromJSON(scaler) : undefined;
      if (restoredScaler) parts.push(restoredScaler);
      return new DensityPipeline(restoredPca, restoredScaler, densityFromJSON(density));
    } catch (error) {
      parts.forEach((part) => part.dispose());
      throw error;
    }
  }

  /** features [N, D] → −log p, [N]. */
  score(features: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const projected = this.pca ? this.pca.transform(features) : features;
      return this.density.score(this.scaler ? this.scaler.transform(projected) : projected);
    });
  }

  /** score() written into a graph: features x [m, D] → −log p, [m]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const projected = this.pca ? this.pca.exportGraph(g, x) : x;
    return this.density.exportGraph(g, this.scaler ? this.scaler.exportGraph(g, projected) : projected);
  }

  /** The dimension the density sees (PCA components, or the input's). */
  get dimensions(): number {
    return this.density.dimensions;
  }

  /** The shrinkage intensity δ of the fitted covariance (0 without shrinkage). */
  get shrinkageIntensity(): number {
    return this.density.shrinkageIntensity;
  }

  toJSON(): DensityPipelineJSON {
    return { kind: 'DensityPipeline', version: 1, pca: this.pca?.toJSON() ?? null, scaler: this.scaler?.toJSON() ?? null, density: this.density.toJSON() };
  }

  dispose(): void {
    this.pca?.dispose();
    this.scaler?.dispose();
    this.density.dispose();
  }
}

function partsOf(json: DensityPipelineJSON | LegacyDensityHeadJSON): { pca: PcaJSON | null; scaler: FeatureScalerJSON | null; density: DensityModelJSON } {
  if ('kind' in json) {
    if (json.kind !== 'DensityPipeline' || json.version !== 1) {
      throw new UserError(`DensityPipeline: unsupported saved head (kind ${JSON.stringify(json.kind)}, version ${JSON.stringify(json.version)})`);
    }
    return { pca: json.pca, scaler: json.scaler, density: json.density };
  }
  if ('scorer' in json) return { pca: json.pca, scaler: json.scaler, density: json.scorer };
  if ('density' in json) return { pca: json.pca, scaler: null, density: json.density };
  throw new UserError('DensityPipeline: the saved head has neither a density nor a scorer');
}
