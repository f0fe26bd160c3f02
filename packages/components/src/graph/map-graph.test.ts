import * as tf from '@tensorflow/tfjs';
import { Type } from '@anomaly-zoo/core';
import { defaultConfig, evaluateGraph, maxAbsDifference } from '@anomaly-zoo/testing';
import { gaussianBlur } from '../gaussian-blur';
import { anomalyMaps, mapScores } from '../feature-maps/anomaly-map';
import { ReconstructionScoring, scoreReconstruction } from '../reconstruction';
import { reconstructionScoringSchema } from '../reconstruction-scorer';
import { reconstructionHeads } from './reconstruction-graph';
import { anomalyMapsGraph, gaussianBlurGraph, mapScoresGraph, resizeLastTwo } from './map-graph';
import { toNchw, toNhwc } from './graph-ops';

const data = (t: tf.Tensor) => ({ data: t.dataSync() as Float32Array, dims: t.shape });

describe('map graph pieces through ONNX Runtime against tfjs', () => {
  it('resizeLastTwo: hand-computed bilinear columns with half-pixel centres (2 → 4) and nearest columns (4 → 3)', async () => {
    // Column r reads s = (r + ½)·½ − ½ = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]: 1, .75·1 + .25·5, .25·1 + .75·5, 5.
    // Nearest: ⌊(r + ½)·4/3⌋ = 0, 2, 3.
    const out = await evaluateGraph({ two: { data: Float32Array.of(1, 5), dims: [1, 1, 1, 2] }, four: { data: Float32Array.of(10, 20, 30, 40), dims: [1, 1, 1, 4] } }, (g, { two, four }) => ({
      up: { value: resizeLastTwo(g, two!, [1, 2], [1, 4], 'bilinear'), rank: 4 },
      down: { value: resizeLastTwo(g, four!, [1, 4], [1, 3], 'nearest'), rank: 4 },
    }));
    expect(Array.from(out.up!.data)).toEqual([1, 2, 4, 5]);
    expect(Array.from(out.down!.data)).toEqual([10, 30, 40]);
  });

  it.each([
    ['bilinear', [5, 7], [17, 12]],
    ['bilinear', [28, 28], [9, 13]],
    ['nearest', [7, 5], [14, 3]],
  ] as const)('resizes %s %j → %j exactly as tf.image does', async (kind, from, to) => {
    const x = tf.randomNormal<tf.Rank.R4>([2, from[0], from[1], 3], 0, 1, 'float32', 7);
    const expected = kind === 'bilinear' ? tf.image.resizeBilinear(x, [to[0], to[1]], false, true) : tf.image.resizeNearestNeighbor(x, [to[0], to[1]], false, true);
    const out = await evaluateGraph({ x: data(x) }, (g, { x: input }) => ({
      y: { value: toNhwc(g, resizeLastTwo(g, toNchw(g, input!), [from[0], from[1]], [to[0], to[1]], kind)), rank: 4 },
    }));
    expect(out.y!.dims).toEqual(expected.shape);
    expect(maxAbsDifference(out.y!.data, expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, expected]);
  });

  it('smooths like gaussianBlur (edge-replicated borders), channel by channel', async () => {
    const x = tf.randomUniform<tf.Rank.R4>([2, 9, 14, 2], 0, 1, 'float32', 3);
    const expected = gaussianBlur(x, 1.7);
    const out = await evaluateGraph({ x: data(x) }, (g, { x: input }) => ({ y: { value: toNhwc(g, gaussianBlurGraph(g, toNchw(g, input!), 2, 1.7)), rank: 4 } }));
    expect(maxAbsDifference(out.y!.data, expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, expected]);
  });

  it('turns patch scores into maps and image scores as anomalyMaps and mapScores (max and top-k mean)', async () => {
    const distances = tf.randomUniform<tf.Rank.R2>([3, 16], 0, 5, 'float32', 4);
    const maps = anomalyMaps(distances, 4, 20, 20, 2);
    const max = mapScores(maps, 'max', 10);
    const topK = mapScores(maps, 'top_k_mean', 10);
    const out = await evaluateGraph({ d: data(distances) }, (g, { d }) => {
      const map = anomalyMapsGraph(g, d!, 4, 20, 20, 2);
      return { map: { value: map, rank: 3 }, max: { value: mapScoresGraph(g, map, 400, 'max', 10), rank: 1 }, topK: { value: mapScoresGraph(g, map, 400, 'top_k_mean', 10), rank: 1 } };
    });
    expect(out.map!.dims).toEqual([3, 20, 20]);
    expect(maxAbsDifference(out.map!.data, maps.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDifference(out.max!.data, max.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDifference(out.topK!.data, topK.dataSync())).toBeLessThan(1e-5);
    tf.dispose([distances, maps, max, topK]);
  });

  it.each([
    ['squared', 'max'],
    ['squared', 'mean'],
    ['ssim', 'max'],
    ['ssim', 'mean'],
  ] as const)('scores a reconstruction as scoreReconstruction (error_map %s, image_score %s)', async (errorMap, imageScore) => {
    const x = tf.randomUniform<tf.Rank.R4>([2, 12, 10, 3], 0, 1, 'float32', 5);
    // A reconstruction near the input, as a trained one is (where SSIM's map has structure, not noise).
    const reconstruction = tf.clipByValue(tf.add(x, tf.randomNormal([2, 12, 10, 3], 0, 0.1, 'float32', 6)), 0, 1) as tf.Tensor4D;
    const scoring = defaultConfig<ReconstructionScoring>(
      { name: 'reconstruction scoring', schema: Type.Object(reconstructionScoringSchema) },
      { error_map: errorMap, map_sigma: 1.5, image_score: imageScore, ssim_window: 5, ssim_sigma: 1.2 },
    );
    const expected = await scoreReconstruction(x, reconstruction, scoring, { maps: true });
    const out = await evaluateGraph({ x: data(x), r: data(reconstruction) }, (g, { x: input, r }) => {
      const heads = reconstructionHeads(g, input!, r!, scoring, [12, 10, 3]);
      return { score: { value: heads.score, rank: 1 }, map: { value: heads.map!, rank: 3 } };
    });
    expect(maxAbsDifference(out.score!.data, expected.scores)).toBeLessThan(1e-5);
    expect(maxAbsDifference(out.map!.data, Float32Array.from(expected.maps!.flatMap((m) => Array.from(m))))).toBeLessThan(1e-5);
    tf.dispose([x, reconstruction]);
  });
});
