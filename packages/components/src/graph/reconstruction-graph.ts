import { GraphBuilder, GraphExportUnsupported, GraphHeads } from '@anomaly-zoo/core';
import type { ReconstructionScoring } from '../reconstruction';
import { op, reduce, reshape } from './graph-ops';
import { gaussianBlurGraph } from './map-graph';

/**
 * The scoring of scoreReconstruction as a graph: input and reconstruction [N, H, W, C] → the smoothed error map
 * [N, H, W] and the image score (maximum of the smoothed map, or mean of the raw per-pixel error).
 * Error maps: `squared` (channel mean of the squared difference); the others are not expressible here yet.
 */
export function reconstructionHeads(g: GraphBuilder, input: string, reconstruction: string, scoring: ReconstructionScoring, size: [number, number]): GraphHeads {
  if (scoring.error_map !== 'squared') throw new GraphExportUnsupported(`error_map ${scoring.error_map}`);
  const [height, width] = size;
  const difference = op(g, 'Sub', [input, reconstruction]);
  const raw = reduce(g, 'Mean', op(g, 'Mul', [difference, difference]), [3], false);
  return errorMapHeads(g, raw, scoring, [height, width]);
}

/** A raw per-pixel error map [N, H, W] → smoothed map and image score, as scoreReconstruction does from its error map. */
export function errorMapHeads(g: GraphBuilder, raw: string, scoring: Pick<ReconstructionScoring, 'map_sigma' | 'image_score'>, size: [number, number]): GraphHeads {
  const [height, width] = size;
  const smoothed = reshape(g, gaussianBlurGraph(g, reshape(g, raw, [-1, 1, height, width]), 1, scoring.map_sigma), [-1, height, width]);
  const score = scoring.image_score === 'max' ? reduce(g, 'Max', smoothed, [1, 2], false) : reduce(g, 'Mean', raw, [1, 2], false);
  return { score, map: smoothed };
}
