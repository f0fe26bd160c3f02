import { GraphBuilder, GraphExportUnsupported, GraphHeads } from '@anomaly-zoo/core';
import type { PerceptualError } from '../perceptual-error';
import { ReconstructionScoring, ssimOptions } from '../reconstruction';
import { op, reduce, reshape, scalar, toNchw } from './graph-ops';
import { ssimMapGraph } from './ssim-graph';
import { gaussianBlurGraph } from './map-graph';

/**
 * The scoring of scoreReconstruction as a graph: input and reconstruction [N, H, W, C] → the smoothed error map
 * [N, H, W] and the image score (maximum of the smoothed map, or mean of the raw per-pixel error).
 * Error maps: `squared` (channel mean of the squared difference), `ssim` (channel mean of 1 − SSIM) and `perceptual`
 * (the loaded PerceptualError's own graph).
 */
export function reconstructionHeads(
  g: GraphBuilder, input: string, reconstruction: string, scoring: ReconstructionScoring, shape: [height: number, width: number, channels: number],
  perceptual?: PerceptualError,
): GraphHeads {
  const [height, width, channels] = shape;
  let raw: string;
  if (scoring.error_map === 'squared') {
    const difference = op(g, 'Sub', [input, reconstruction]);
    raw = reduce(g, 'Mean', op(g, 'Mul', [difference, difference]), [3], false);
  } else if (scoring.error_map === 'ssim') {
    // 1 − SSIM, channel mean.
    const similarity = ssimMapGraph(g, toNchw(g, input), toNchw(g, reconstruction), channels, ssimOptions(scoring));
    raw = reduce(g, 'Mean', op(g, 'Sub', [scalar(g, 1), similarity]), [1], false);
  } else if (scoring.error_map === 'perceptual') {
    if (!perceptual) throw new Error('reconstructionHeads: error_map perceptual needs the perceptual backbone (use ReconstructionScorer)');
    raw = perceptual.exportMap(g, input, reconstruction, shape);
  } else {
    throw new GraphExportUnsupported(`error_map ${String(scoring.error_map)}`);
  }
  return errorMapHeads(g, raw, scoring, [height, width]);
}

/** A raw per-pixel error map [N, H, W] → smoothed map and image score, as scoreReconstruction does from its error map. */
export function errorMapHeads(g: GraphBuilder, raw: string, scoring: Pick<ReconstructionScoring, 'map_sigma' | 'image_score'>, size: [number, number]): GraphHeads {
  const [height, width] = size;
  const smoothed = reshape(g, gaussianBlurGraph(g, reshape(g, raw, [-1, 1, height, width]), 1, scoring.map_sigma), [-1, height, width]);
  const score = scoring.image_score === 'max' ? reduce(g, 'Max', smoothed, [1, 2], false) : reduce(g, 'Mean', raw, [1, 2], false);
  return { score, map: smoothed };
}
