import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, GraphHeads, JsonSchema, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { reconstructionHeads } from './graph/reconstruction-graph';
import { PerceptualError, perceptualBackboneSchema } from './perceptual-error';
import { ReconstructionScoring, scoreReconstruction } from './reconstruction';

// Node side of reconstruction scoring: the config schema and the scorer that loads the perceptual backbone
// (and with it fs). The maths in reconstruction.ts stays free of both, so a browser can run it as is.

export const reconstructionScoringSchema: Record<keyof ReconstructionScoring, JsonSchema> = {
  loss: { enum: ['mse', 'l1', 'ssim', 'mse+ssim'], default: 'mse' },
  error_map: { enum: ['squared', 'ssim', 'perceptual'], default: 'squared' },
  map_sigma: { type: 'number', minimum: 0, default: 2 },
  image_score: { enum: ['max', 'mean'], default: 'max' },
  ssim_window: { type: 'integer', minimum: 3, maximum: 31, default: 11 },
  ssim_sigma: { type: 'number', exclusiveMinimum: 0, default: 1.5 },
  perceptual: perceptualBackboneSchema,
};

/**
 * Scores reconstructions by a model's scoring config; owns the pretrained backbone of error_map perceptual,
 * loaded on the first score (scoring may never happen, e.g. in a checkpoint-only run) and released by dispose().
 */
export class ReconstructionScorer {
  private perceptual?: Promise<PerceptualError>;
  private disposed = false;

  constructor(private readonly scoring: ReconstructionScoring) {}

  async score(x: tf.Tensor4D, reconstruction: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const perceptual = this.scoring.error_map === 'perceptual' ? await this.perceptualError() : undefined;
    return scoreReconstruction(x, reconstruction, this.scoring, options, perceptual);
  }

  /** score() as a graph, from the input and its reconstruction (NHWC, `shape` per image). */
  async exportHeads(g: GraphBuilder, x: string, reconstruction: string, shape: [height: number, width: number, channels: number]): Promise<GraphHeads> {
    const perceptual = this.scoring.error_map === 'perceptual' ? await this.perceptualError() : undefined;
    return reconstructionHeads(g, x, reconstruction, this.scoring, shape, perceptual);
  }

  dispose(): void {
    this.disposed = true;
    void this.perceptual?.then((p) => p.dispose(), () => undefined);
    this.perceptual = undefined;
  }

  private perceptualError(): Promise<PerceptualError> {
    if (this.disposed) throw new Error('ReconstructionScorer: used after dispose()');
    const backbone = this.scoring.perceptual;
    if (!backbone) throw new Error('ReconstructionScorer: error_map perceptual without a perceptual backbone block');
    this.perceptual ??= PerceptualError.load(backbone);
    return this.perceptual;
  }
}
