import { connectedComponents } from './connected-components';
import { UndefinedMetricError } from './errors';
import { checkMapsAndMasks } from './pixel-pool';

export interface ProCurve {
  /** Rising, from 0 to 1: the fraction of normal pixels flagged. */
  fpr: number[];
  /** Mean over all ground-truth regions of the fraction of the region flagged. */
  pro: number[];
  regions: number;
}

export interface ImageShape {
  height: number;
  width: number;
}

/**
 * The per-region-overlap curve of the MVTec AD paper (Bergmann et al.): every 8-connected region of
 * every ground-truth mask counts equally, however large. One point per distinct pixel score, from
 * (0, 0) (nothing flagged) to (1, 1); a pixel is flagged at threshold t iff its score >= t, so tied
 * scores enter together.
 */
export function proCurve(maps: readonly Float32Array[], masks: readonly Uint8Array[], shape: ImageShape): ProCurve {
  const counts = checkMapsAndMasks('proCurve', maps, masks);
  const { height, width } = shape;
  const negatives = new Float32Array(counts.total - counts.positives);
  const positives = new Float32Array(counts.positives);
  const regionOf = new Int32Array(counts.positives);
  const regionSizes: number[] = [];
  let n = 0;
  let p = 0;
  for (let i = 0; i < maps.length; i++) {
    const map = maps[i] as Float32Array;
    if (map.length !== height * width) throw new Error(`proCurve: image ${i} has ${map.length} pixels, expected ${height}×${width}`);
    const { labels, count } = connectedComponents(masks[i] as Uint8Array, height, width);
    const firstRegion = regionSizes.length;
    for (let r = 0; r < count; r++) regionSizes.push(0);
    for (let j = 0; j < map.length; j++) {
      const score = map[j] as number;
      if (!Number.isFinite(score)) throw new Error(`proCurve: image ${i}, pixel ${j} has score ${score}`);
      const label = labels[j] as number;
      if (label === 0) {
        negatives[n++] = score;
      } else {
        const region = firstRegion + label - 1;
        regionSizes[region]! += 1;
        regionOf[p] = region;
        positives[p++] = score;
      }
    }
  }
  const regions = regionSizes.length;
  if (regions === 0) throw new UndefinedMetricError('PRO is undefined: the masks hold no anomalous regions');
  if (negatives.length === 0) throw new UndefinedMetricError('PRO is undefined: the masks hold no normal pixels');

  negatives.sort();
  // Each anomalous pixel adds 1 / (its region's size · number of regions) to PRO once flagged.
  const order = Uint32Array.from({ length: positives.length }, (_, k) => k).sort((a, b) => (positives[a] as number) - (positives[b] as number));
  const curve: ProCurve = { fpr: [0], pro: [0], regions };
  let i = order.length - 1;
  let j = negatives.length - 1;
  let flaggedNormals = 0;
  let overlapSum = 0;
  while (i >= 0 || j >= 0) {
    const top = i >= 0 ? (positives[order[i] as number] as number) : -Infinity;
    const score = Math.max(top, j >= 0 ? (negatives[j] as number) : -Infinity);
    while (i >= 0 && positives[order[i] as number] === score) {
      overlapSum += 1 / (regionSizes[regionOf[order[i] as number] as number] as number);
      i--;
    }
    while (j >= 0 && negatives[j] === score) { flaggedNormals++; j--; }
    curve.fpr.push(flaggedNormals / negatives.length);
    curve.pro.push(overlapSum / regions);
  }
  return curve;
}

/**
 * AUPRO: the area under the PRO curve for FPR in [0, maxFpr] (trapezoids, the curve interpolated
 * linearly at maxFpr), divided by maxFpr so that a perfect map scores 1. Default maxFpr 0.3.
 */
export function aupro(maps: readonly Float32Array[], masks: readonly Uint8Array[], shape: ImageShape, maxFpr = 0.3): number {
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new Error(`aupro: maxFpr must lie in (0, 1], got ${maxFpr}`);
  return areaUpTo(proCurve(maps, masks, shape), maxFpr) / maxFpr;
}

function areaUpTo({ fpr, pro }: ProCurve, limit: number): number {
  let area = 0;
  for (let k = 1; k < fpr.length; k++) {
    const x0 = fpr[k - 1] as number;
    const y0 = pro[k - 1] as number;
    const x1 = fpr[k] as number;
    const y1 = pro[k] as number;
    if (x0 >= limit) break;
    if (x1 <= limit) {
      area += ((x1 - x0) * (y0 + y1)) / 2;
    } else {
      const yLimit = y0 + ((y1 - y0) * (limit - x0)) / (x1 - x0);
      area += ((limit - x0) * (y0 + yLimit)) / 2;
      break;
    }
  }
  return area;
}
