import * as tf from '@tensorflow/tfjs';
import { directoryIO, GradientModel, GraphBuilder, GraphHeads, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { exportLayersModel } from './graph/layers-model-graph';
import { ReconstructionScoring, reconstructionLoss } from './reconstruction';
import { ReconstructionScorer } from './reconstruction-scorer';

/**
 * A gradient-trained anomaly model around any tfjs LayersModel that maps an image batch to its
 * reconstruction: the conv and dense autoencoders differ only in the network they pass in.
 */
export class LayersAutoencoder implements GradientModel {
  readonly training = 'gradient' as const;
  private readonly scorer: ReconstructionScorer;

  constructor(
    readonly network: tf.LayersModel,
    private readonly scoring: ReconstructionScoring,
  ) {
    this.scorer = new ReconstructionScorer(scoring);
  }

  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return this.network.apply(x, { training: false }) as tf.Tensor4D;
  }

  loss(x: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => reconstructionLoss(x, this.network.apply(x, { training: true }) as tf.Tensor4D, this.scoring));
  }

  trainableVariables(): tf.Variable[] {
    return this.network.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const reconstruction = this.reconstruct(x);
    try {
      return await this.scorer.score(x, reconstruction, options);
    } finally {
      reconstruction.dispose();
    }
  }

  async save(dir: string): Promise<void> {
    await this.network.save(directoryIO(dir));
  }

  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    return this.exportHeads(g, input, this.exportReconstruction(g, input));
  }

  /** The scoring of a reconstruction made in the graph elsewhere, as scoreReconstruction() scores it. */
  exportHeads(g: GraphBuilder, input: string, reconstruction: string): Promise<GraphHeads> {
    return this.scorer.exportHeads(g, input, reconstruction, this.imageShape());
  }

  /** The network written into `g`: input → reconstruction, NHWC. */
  exportReconstruction(g: GraphBuilder, input: string): string {
    return exportLayersModel(g, this.network, input)[0] as string;
  }

  /** [height, width, channels] of the images the network takes. */
  imageShape(): [number, number, number] {
    const shape = this.network.inputs[0]!.shape;
    return [shape[1] as number, shape[2] as number, shape[3] as number];
  }

  /** Scores a reconstruction made elsewhere (e.g. by a two-output copy of the network) the way score() does. */
  scoreReconstruction(x: tf.Tensor4D, reconstruction: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    return this.scorer.score(x, reconstruction, options);
  }

  dispose(): void {
    this.scorer.dispose();
    this.network.dispose();
  }
}
