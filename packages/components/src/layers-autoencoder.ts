import * as tf from '@tensorflow/tfjs';
import { directoryIO, GradientModel, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { ReconstructionScoring, reconstructionLoss, scoreReconstruction } from './reconstruction';

/**
 * A gradient-trained anomaly model around any tfjs LayersModel that maps an image batch to its
 * reconstruction: the conv and dense autoencoders differ only in the network they pass in.
 */
export class LayersAutoencoder implements GradientModel {
  readonly training = 'gradient' as const;

  constructor(
    readonly network: tf.LayersModel,
    private readonly scoring: ReconstructionScoring,
  ) {}

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
      return await scoreReconstruction(x, reconstruction, this.scoring, options);
    } finally {
      reconstruction.dispose();
    }
  }

  async save(dir: string): Promise<void> {
    await this.network.save(directoryIO(dir));
  }

  dispose(): void {
    this.network.dispose();
  }
}
