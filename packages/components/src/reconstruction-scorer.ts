import type * as tf from '@tensorflow/tfjs';
import { Enum, GraphBuilder, GraphHeads, ScoreOptions, ScoreResult, Static, TObject, TProperties, Type } from '@anomaly-zoo/core';
import { reconstructionHeads } from './graph/reconstruction-graph';
import { PerceptualError, perceptualBackboneSchema } from './perceptual-error';
import { ERROR_MAPS, RECONSTRUCTION_IMAGE_SCORES, RECONSTRUCTION_LOSSES, scoreReconstruction } from './reconstruction';

// Node side of reconstruction scoring: the config schema and the scorer that loads the perceptual backbone
// (and with it fs). The maths in reconstruction.ts stays free of both, so a browser can run it as is.

/** What reconstruction models share: the training loss, the error map and the image score (keys of their `model:` block). */
export const reconstructionScoringSchema = {
  loss: Enum(RECONSTRUCTION_LOSSES, { default: 'mse' }),
  /** See ERROR_MAPS; `perceptual` compares features of the `perceptual` backbone. */
  error_map: Enum(ERROR_MAPS, { default: 'squared' }),
  /** σ in pixels of the Gaussian smoothing the error map; 0 = none. */
  map_sigma: Type.Number({ minimum: 0, default: 2 }),
  image_score: Enum(RECONSTRUCTION_IMAGE_SCORES, { default: 'max' }),
  /** Side of the SSIM window (odd) and σ of its Gaussian weights (Wang et al.: 11 and 1.5). */
  ssim_window: Type.Integer({ minimum: 3, maximum: 31, default: 11 }),
  ssim_sigma: Type.Number({ exclusiveMinimum: 0, default: 1.5 }),
  /** The pretrained CNN of error_map perceptual (loaded only for it). */
  perceptual: perceptualBackboneSchema,
} satisfies TProperties;
export type ReconstructionScoring = Static<TObject<typeof reconstructionScoringSchema>>;

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
