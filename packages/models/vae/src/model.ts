import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  createRng, directoryIO, GradientModel, GraphBuilder, GraphHeads, ModelSource, Rng, ScoreOptions, ScoreResult, sourceIO,
} from '@anomaly-zoo/core';
import { exportLayersModel, op, reconstructionLoss, ReconstructionScorer, reduce, scalar } from '@anomaly-zoo/components';
import type { VaeConfig } from './config';
import type { VaeNetworks } from './network';

/**
 * Convolutional VAE. Training minimises reconstruction loss + β·KL(q(z|x) ‖ N(0, I)) / pixels (the KL is
 * spread over pixels so one learning rate suits both terms); scoring uses the posterior mean, so it is
 * deterministic.
 */
export class VariationalAutoencoder implements GradientModel {
  readonly training = 'gradient' as const;
  private noise: Rng;
  private readonly scorer: ReconstructionScorer;

  constructor(
    readonly networks: VaeNetworks,
    private readonly config: VaeConfig,
    private readonly seed: number,
  ) {
    this.noise = createRng(seed + 1);
    this.scorer = new ReconstructionScorer(config);
  }

  /** Noise depends on the seed and the epoch only, so a resumed run draws what the uninterrupted one did. */
  beginEpoch(epoch: number): void {
    this.noise = createRng(`${this.seed}:noise:${epoch}`);
  }

  /** Per-image KL divergence of q(z|x) from the unit Gaussian, [N]. */
  private kl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.sub(tf.add(1, logVar), tf.add(tf.square(mean), tf.exp(logVar))), 1)) as tf.Tensor1D);
  }

  loss(x: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => {
      const [mean, logVar] = this.networks.encoder.apply(x, { training: true }) as tf.Tensor2D[];
      const eps = tf.randomNormal(mean!.shape, 0, 1, 'float32', this.noise.seed());
      const z = tf.add(mean!, tf.mul(tf.exp(tf.mul(0.5, logVar!)), eps));
      const reconstruction = this.networks.decoder.apply(z, { training: true }) as tf.Tensor4D;
      const pixels = x.shape[1] * x.shape[2] * x.shape[3];
      const klPerPixel = tf.div(tf.mean(this.kl(mean!, logVar!)), pixels);
      return tf.add(reconstructionLoss(x, reconstruction, this.config), tf.mul(this.config.beta, klPerPixel)) as tf.Scalar;
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...this.networks.encoder.trainableWeights, ...this.networks.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const [mean] = this.networks.encoder.apply(x, { training: false }) as tf.Tensor2D[];
      return this.networks.decoder.apply(mean!, { training: false }) as tf.Tensor4D;
    });
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const [mean, logVar] = this.networks.encoder.apply(x, { training: false }) as tf.Tensor2D[];
    const reconstruction = this.networks.decoder.apply(mean!, { training: false }) as tf.Tensor4D;
    try {
      const result = await this.scorer.score(x, reconstruction, options);
      const kl = this.kl(mean!, logVar!);
      const klValues = (await kl.data()) as Float32Array;
      kl.dispose();
      const squaredErrorSum = tf.tidy(() => tf.sum(tf.squaredDifference(x, reconstruction), [1, 2, 3]));
      const errorValues = (await squaredErrorSum.data()) as Float32Array;
      squaredErrorSum.dispose();
      // Negative ELBO up to constants, with a unit-variance Gaussian likelihood: ½‖x − x̂‖² + KL.
      const negElbo = errorValues.map((e, i) => 0.5 * e + (klValues[i] as number));
      result.parts = { reconstruction: result.scores, kl: klValues, neg_elbo: negElbo };
      if (this.config.score === 'elbo') result.scores = negElbo;
      if (this.config.score === 'kl') result.scores = klValues;
      return result;
    } finally {
      tf.dispose([mean, logVar, reconstruction]);
    }
  }

  /** score() as a graph: the decoder of the posterior mean, and the score `config.score` picks. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    const [mean, logVar] = exportLayersModel(g, this.networks.encoder, input) as [string, string];
    const [reconstruction] = exportLayersModel(g, this.networks.decoder, mean) as [string];
    const shape = this.networks.encoder.inputs[0]!.shape;
    const heads = await this.scorer.exportHeads(g, input, reconstruction, [shape[1] as number, shape[2] as number, shape[3] as number]);
    if (this.config.score === 'reconstruction') return heads;
    // KL = −½·Σ(1 + log σ² − μ² − σ²) per image.
    const inner = op(g, 'Sub', [op(g, 'Add', [scalar(g, 1), logVar]), op(g, 'Add', [op(g, 'Mul', [mean, mean]), op(g, 'Exp', [logVar])])]);
    const kl = op(g, 'Mul', [reduce(g, 'Sum', inner, [1], false), scalar(g, -0.5)]);
    if (this.config.score === 'kl') return { ...heads, score: kl };
    // Negative ELBO up to constants: ½‖x − x̂‖² + KL.
    const difference = op(g, 'Sub', [input, reconstruction]);
    const squaredErrorSum = reduce(g, 'Sum', op(g, 'Mul', [difference, difference]), [1, 2, 3], false);
    return { ...heads, score: op(g, 'Add', [op(g, 'Mul', [squaredErrorSum, scalar(g, 0.5)]), kl]) };
  }

  async save(dir: string): Promise<void> {
    await this.networks.encoder.save(directoryIO(path.join(dir, 'encoder')));
    await this.networks.decoder.save(directoryIO(path.join(dir, 'decoder')));
  }

  dispose(): void {
    this.scorer.dispose();
    this.networks.encoder.dispose();
    this.networks.decoder.dispose();
  }
}

export async function loadVaeNetworks(source: ModelSource): Promise<VaeNetworks> {
  return {
    encoder: await tf.loadLayersModel(sourceIO(source.child('encoder'))),
    decoder: await tf.loadLayersModel(sourceIO(source.child('decoder'))),
  };
}
