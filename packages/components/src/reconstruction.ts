import * as tf from '@tensorflow/tfjs';
import type { ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { gaussianBlur } from './gaussian-blur';
// Type only: this module is the scoring maths the browser demo loads, which must not pull in Node's fs.
import type { PerceptualError } from './perceptual-error';
import type { ReconstructionScoring } from './reconstruction-scorer';
import { SsimOptions, ssimMap } from './ssim';

/** Training losses of reconstruction models. */
export const RECONSTRUCTION_LOSSES = ['mse', 'l1', 'ssim', 'mse+ssim'] as const;
/**
 * Per-pixel errors: squared difference (channel mean), 1 − SSIM (channel mean), or the distance between
 * pretrained features of input and reconstruction (see perceptual-error.ts).
 */
export const ERROR_MAPS = ['squared', 'ssim', 'perceptual'] as const;
/**
 * Image scores: the maximum of the smoothed map, or the mean of the unsmoothed per-pixel error. The mean dilutes
 * a small defect in the image-to-image variation of the normal error.
 */
export const RECONSTRUCTION_IMAGE_SCORES = ['max', 'mean'] as const;

// The config type comes from its schema, which lives on the Node side (reconstruction-scorer.ts): type only.
export type { ReconstructionScoring };

export function reconstructionLoss(x: tf.Tensor4D, reconstruction: tf.Tensor4D, scoring: ReconstructionScoring): tf.Scalar {
  return tf.tidy(() => {
    const structural = () => tf.sub(1, tf.mean(ssimMap(x, reconstruction, ssimOptions(scoring))));
    switch (scoring.loss) {
      case 'mse':
        return tf.losses.meanSquaredError(x, reconstruction);
      case 'l1':
        return tf.losses.absoluteDifference(x, reconstruction);
      case 'ssim':
        return structural();
      case 'mse+ssim':
        return tf.add(tf.losses.meanSquaredError(x, reconstruction), structural());
    }
  }) as tf.Scalar;
}

/** The SSIM window of a scoring config (tfjs here, the exported graph in reconstruction-graph.ts). */
export function ssimOptions(scoring: ReconstructionScoring): SsimOptions {
  return { windowSize: scoring.ssim_window, sigma: scoring.ssim_sigma };
}

/** Per-pixel error [N, H, W, 1], before smoothing; error_map perceptual needs the loaded `perceptual`. */
export function errorMap(x: tf.Tensor4D, reconstruction: tf.Tensor4D, scoring: ReconstructionScoring, perceptual?: PerceptualError): tf.Tensor4D {
  return tf.tidy(() => {
    switch (scoring.error_map) {
      case 'ssim':
        return tf.mean(tf.sub(1, ssimMap(x, reconstruction, ssimOptions(scoring))), 3, true);
      case 'perceptual':
        if (!perceptual) throw new Error('errorMap: error_map perceptual needs the perceptual backbone (use ReconstructionScorer)');
        return perceptual.map(x, reconstruction);
      default:
        return tf.mean(tf.squaredDifference(x, reconstruction), 3, true);
    }
  }) as tf.Tensor4D;
}

/** Scores, smoothed maps and reconstructions as plain arrays; every tensor made here is released. */
export async function scoreReconstruction(
  x: tf.Tensor4D,
  reconstruction: tf.Tensor4D,
  scoring: ReconstructionScoring,
  options: ScoreOptions = {},
  perceptual?: PerceptualError,
): Promise<ScoreResult> {
  const [scores, maps] = tf.tidy(() => {
    const raw = errorMap(x, reconstruction, scoring, perceptual);
    const needMap = options.maps || scoring.image_score === 'max';
    const smoothed = needMap ? gaussianBlur(raw, scoring.map_sigma) : undefined;
    const imageScores = scoring.image_score === 'max' && smoothed ? tf.max(smoothed, [1, 2, 3]) : tf.mean(raw, [1, 2, 3]);
    return [imageScores, options.maps ? smoothed : undefined] as const;
  });
  const count = x.shape[0];
  const result: ScoreResult = { scores: (await scores.data()) as Float32Array };
  if (maps) result.maps = splitPerImage((await maps.data()) as Float32Array, count);
  if (options.reconstructions) result.reconstructions = splitPerImage((await reconstruction.data()) as Float32Array, count);
  tf.dispose([scores, maps]);
  return result;
}

export function splitPerImage(flat: Float32Array, count: number): Float32Array[] {
  const size = flat.length / count;
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}
