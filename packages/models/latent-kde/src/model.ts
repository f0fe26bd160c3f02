import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  BatchSource, createRng, GradientModel, GraphBuilder, GraphHeads, ModelContext, ModelSource, readSourceJson, ScoreOptions, ScoreResult, UserError, writeJsonAtomic,
} from '@anomaly-zoo/core';
import {
  DensityPipeline, DensityPipelineJSON, exportLayersModel, LayersAutoencoder, LegacyDensityHeadJSON, reduce, reshape,
} from '@anomaly-zoo/components';
import { CONV_AE_BOTTLENECK } from '@anomaly-zoo/model-conv-ae';
import { DENSE_AE_BOTTLENECK } from '@anomaly-zoo/model-dense-ae';
import type { LatentKdeConfig } from './config';
import { combineParts, combinePartsGraph, partStats, Standardisation } from './score-parts';

export const DENSITY_FILE = 'latent-density.json';

interface DensityFile {
  format: 'anomaly-zoo-latent-density';
  /** 2: the components' DensityPipeline JSON; 1 (before the shared pipeline): `{ pca | null, density }`, still read. */
  version: 1 | 2;
  density: DensityPipelineJSON | LegacyDensityHeadJSON;
  standardisation: Standardisation;
}

interface FittedDensity {
  density: DensityPipeline;
  standardisation: Standardisation;
}

/** Images are pushed through the autoencoder in batches of this size while fitting the density. */
const FIT_BATCH = 32;

/**
 * An autoencoder (conv-ae's or dense-ae's network) whose bottleneck codes of the normal training images
 * are modelled by a density (PCA → Gaussian KDE or one Gaussian). Score: the standardised reconstruction
 * error and the standardised −log p(code), combined by `combine`; both parts are reported.
 */
export class LatentKdeModel implements GradientModel {
  readonly training = 'gradient' as const;
  private readonly autoencoder: LayersAutoencoder;
  /** The same layers with two outputs: the reconstruction and the bottleneck. */
  private readonly withCode: tf.LayersModel;
  private fitted?: FittedDensity;

  constructor(
    network: tf.LayersModel,
    private readonly config: LatentKdeConfig,
    private readonly seed: number,
  ) {
    this.autoencoder = new LayersAutoencoder(network, config);
    const bottleneck = network.getLayer(config.autoencoder === 'conv' ? CONV_AE_BOTTLENECK : DENSE_AE_BOTTLENECK);
    this.withCode = tf.model({ inputs: network.inputs, outputs: [network.outputs[0]!, bottleneck.output as tf.SymbolicTensor] });
  }

  loss(x: tf.Tensor4D): tf.Scalar {
    return this.autoencoder.loss(x);
  }

  trainableVariables(): tf.Variable[] {
    return this.autoencoder.trainableVariables();
  }

  /** Fits the latent density on the training images' codes and the standardisation of both parts. */
  async afterTraining(train: BatchSource, _ctx: ModelContext): Promise<void> {
    if (train.size < 4) throw new UserError(`latent-kde needs at least 4 training images to fit its latent density, got ${train.size}`);
    const { codes, reconstruction } = await this.encodeAll(train);
    try {
      const heldOut = this.heldOutNegativeLogDensity(codes);
      const density = DensityPipeline.fit(codes, this.config, this.seed);
      this.fitted?.density.dispose();
      this.fitted = {
        density,
        standardisation: {
          reconstruction: partStats(reconstruction, this.config.or_quantile),
          latent: partStats(heldOut, this.config.or_quantile),
        },
      };
    } finally {
      codes.dispose();
    }
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    if (!this.fitted) throw new Error('latent-kde: the latent density is not fitted (afterTraining has not run)');
    const { density, standardisation } = this.fitted;
    const [reconstruction, codes] = this.forward(x);
    try {
      const result = await this.autoencoder.scoreReconstruction(x, reconstruction, options);
      const nll = density.score(codes);
      const latentNll = (await nll.data()) as Float32Array;
      nll.dispose();
      const combined = combineParts(result.scores, latentNll, standardisation, this.config.combine);
      result.parts = {
        reconstruction: result.scores,
        latent_nll: latentNll,
        reconstruction_z: combined.reconstructionZ,
        latent_z: combined.latentZ,
      };
      result.scores = combined.scores;
      return result;
    } finally {
      tf.dispose([reconstruction, codes]);
    }
  }

  /** score() as a graph: the reconstruction head and the latent density of the bottleneck codes, combined. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    if (!this.fitted) throw new Error('latent-kde: the latent density is not fitted (afterTraining has not run)');
    const [reconstruction, bottleneck] = exportLayersModel(g, this.withCode, input) as [string, string];
    const heads = await this.autoencoder.exportHeads(g, input, reconstruction);
    const pooled = this.config.features === 'pool' && this.withCode.outputs[1]!.shape.length === 4;
    const codes = pooled ? reduce(g, 'Mean', bottleneck, [1, 2], false) : reshape(g, bottleneck, [-1, this.codeSize()]);
    const latentNll = this.fitted.density.exportGraph(g, codes);
    return { ...heads, score: combinePartsGraph(g, heads.score, latentNll, this.fitted.standardisation, this.config.combine) };
  }

  async save(dir: string): Promise<void> {
    await this.autoencoder.save(dir);
    if (!this.fitted) return; // a training checkpoint: the density comes after the last epoch
    const file: DensityFile = {
      format: 'anomaly-zoo-latent-density',
      version: 2,
      density: this.fitted.density.toJSON(),
      standardisation: this.fitted.standardisation,
    };
    writeJsonAtomic(path.join(dir, DENSITY_FILE), file);
  }

  /** Restores the fitted density saved beside the weights, when there is one. */
  async restoreDensity(source: ModelSource): Promise<void> {
    const parsed = (await readSourceJson(source, DENSITY_FILE)) as DensityFile | undefined;
    if (parsed === undefined) return;
    const file = source.describe(DENSITY_FILE);
    if (parsed.format !== 'anomaly-zoo-latent-density' || !(parsed.version === 1 || parsed.version === 2)) {
      throw new UserError(`${file}: not a latent-kde density file (format ${JSON.stringify(parsed.format)}, version ${JSON.stringify(parsed.version)})`);
    }
    this.fitted = { density: DensityPipeline.fromJSON(parsed.density), standardisation: parsed.standardisation };
  }

  dispose(): void {
    this.fitted?.density.dispose();
    this.fitted = undefined;
    this.autoencoder.dispose();
  }

  private forward(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor2D] {
    return tf.tidy(() => {
      const [reconstruction, bottleneck] = this.withCode.apply(x, { training: false }) as tf.Tensor[];
      return [reconstruction as tf.Tensor4D, this.codesOf(bottleneck!)];
    });
  }

  /** Values per image in the flattened bottleneck. */
  private codeSize(): number {
    return (this.withCode.outputs[1]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  }

  private codesOf(bottleneck: tf.Tensor): tf.Tensor2D {
    const n = bottleneck.shape[0];
    if (this.config.features === 'pool' && bottleneck.rank === 4) return tf.mean(bottleneck, [1, 2]) as tf.Tensor2D;
    return tf.reshape(bottleneck, [n, -1]);
  }

  private async encodeAll(source: BatchSource): Promise<{ codes: tf.Tensor2D; reconstruction: Float32Array }> {
    const codeRows: tf.Tensor2D[] = [];
    const errors: number[] = [];
    try {
      for await (const batch of source.batches({ batchSize: FIT_BATCH })) {
        const [reconstruction, codes] = this.forward(batch.x);
        try {
          errors.push(...(await this.autoencoder.scoreReconstruction(batch.x, reconstruction)).scores);
          codeRows.push(codes);
        } finally {
          tf.dispose([reconstruction, batch.x]);
        }
      }
      return { codes: tf.concat(codeRows) as tf.Tensor2D, reconstruction: Float32Array.from(errors) };
    } finally {
      tf.dispose(codeRows);
    }
  }

  /**
   * −log p of every training code under a density fitted without it (two seeded halves, each scored by
   * the other's density): a density scores its own training points far too well, which would put the
   * standardisation of the latent part on the wrong scale.
   */
  private heldOutNegativeLogDensity(codes: tf.Tensor2D): Float32Array {
    const n = codes.shape[0];
    const order = createRng(this.seed).shuffled(Array.from({ length: n }, (_, i) => i));
    const halves = [order.slice(0, Math.floor(n / 2)), order.slice(Math.floor(n / 2))];
    const out = new Float32Array(n);
    halves.forEach((fitRows, h) => {
      const scoreRows = halves[1 - h]!;
      const fitCodes = tf.gather(codes, fitRows);
      let density: DensityPipeline;
      try {
        density = DensityPipeline.fit(fitCodes, this.config, this.seed);
      } finally {
        fitCodes.dispose();
      }
      try {
        const values = tf.tidy(() => density.score(tf.gather(codes, scoreRows))).dataSync();
        scoreRows.forEach((row, i) => (out[row] = values[i] as number));
      } finally {
        density.dispose();
      }
    });
    return out;
  }
}
