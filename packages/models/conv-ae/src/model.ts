import * as tf from '@tensorflow/tfjs';
import { directoryIO, GradientModel, ModelContext, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { gaussianBlur } from '@anomaly-zoo/components';
import type { ConvAeConfig } from './config';

export class ConvAutoencoder implements GradientModel {
  readonly training = 'gradient' as const;

  constructor(
    private readonly network: tf.LayersModel,
    private readonly config: ConvAeConfig,
  ) {}

  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return this.network.apply(x, { training: false }) as tf.Tensor4D;
  }

  loss(x: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => {
      const reconstruction = this.network.apply(x, { training: true }) as tf.Tensor4D;
      return this.config.loss === 'l1'
        ? tf.losses.absoluteDifference(x, reconstruction)
        : tf.losses.meanSquaredError(x, reconstruction);
    }) as tf.Scalar;
  }

  trainableVariables(): tf.Variable[] {
    return this.network.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const wantMaps = options.maps || this.config.image_score === 'max';
    const [scores, maps, reconstructions] = tf.tidy(() => {
      const reconstruction = this.reconstruct(x);
      const squaredError = tf.squaredDifference(x, reconstruction);
      const map = wantMaps ? gaussianBlur(tf.mean(squaredError, 3, true) as tf.Tensor4D, this.config.map_sigma) : undefined;
      const imageScores =
        this.config.image_score === 'max' && map ? tf.max(map, [1, 2, 3]) : tf.mean(squaredError, [1, 2, 3]);
      return [imageScores, map, options.reconstructions ? reconstruction : undefined] as const;
    });
    const result: ScoreResult = { scores: (await scores.data()) as Float32Array };
    if (maps && options.maps) result.maps = splitPerImage((await maps.data()) as Float32Array, x.shape[0]);
    if (reconstructions) result.reconstructions = splitPerImage((await reconstructions.data()) as Float32Array, x.shape[0]);
    tf.dispose([scores, maps, reconstructions]);
    return result;
  }

  async save(dir: string): Promise<void> {
    await this.network.save(directoryIO(dir));
  }

  dispose(): void {
    this.network.dispose();
  }
}

function splitPerImage(flat: Float32Array, count: number): Float32Array[] {
  const size = flat.length / count;
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}

export async function loadConvAutoencoder(dir: string, config: ConvAeConfig, _ctx: ModelContext): Promise<ConvAutoencoder> {
  const network = await tf.loadLayersModel(directoryIO(dir));
  return new ConvAutoencoder(network, config);
}
