import * as tf from '@tensorflow/tfjs';
import { OnnxGraph, OrtSession } from '@anomaly-zoo/onnx';
import { maxAbsDifference } from '@anomaly-zoo/testing';
import { describeWithModel, randomImages } from './backbone/test-utils/models';
import { featureDistance, layeredFeatureDistance, PERCEPTUAL_DEFAULT_LAYERS } from './perceptual-error';
import type { ReconstructionScoring } from './reconstruction';
import { ReconstructionScorer } from './reconstruction-scorer';

describe('featureDistance', () => {
  it('is ‖a/‖a‖ − b/‖b‖‖² per position: 2 − 2·cos, by hand', () => {
    // Position 0: a = (3, 4), b = (4, 3): unit vectors (0.6, 0.8) and (0.8, 0.6), distance 0.2² + 0.2² = 0.08.
    // Position 1: a = (1, 0), b = (0, 2): orthogonal, distance 2.
    const a = tf.tensor4d([3, 4, 1, 0], [1, 1, 2, 2]);
    const b = tf.tensor4d([4, 3, 0, 2], [1, 1, 2, 2]);
    const d = featureDistance(a, b);
    expect(d.shape).toEqual([1, 1, 2, 1]);
    const [near, orthogonal] = Array.from(d.dataSync());
    expect(near).toBeCloseTo(0.08, 5);
    expect(orthogonal).toBeCloseTo(2, 5);
    tf.dispose([a, b, d]);
  });

  it('ignores the features’ scale and is 0 where both are zero', () => {
    const a = tf.tensor4d([3, 4, 0, 0], [1, 1, 2, 2]);
    const b = tf.tensor4d([30, 40, 0, 0], [1, 1, 2, 2]);
    const d = featureDistance(a, b).dataSync();
    expect(d[0]).toBeCloseTo(0, 6);
    expect(d[1]).toBe(0);
    tf.dispose([a, b]);
  });
});

describe('layeredFeatureDistance', () => {
  it('averages the layers’ distances, each resized to the image', () => {
    // Layer 1 (1×1): distance 2 everywhere once resized. Layer 2 (2×2): 0 except 0.08 at the bottom-right cell.
    const a1 = tf.tensor4d([1, 0], [1, 1, 1, 2]);
    const b1 = tf.tensor4d([0, 1], [1, 1, 1, 2]);
    const a2 = tf.tensor4d([1, 0, 1, 0, 1, 0, 3, 4], [1, 2, 2, 2]);
    const b2 = tf.tensor4d([1, 0, 1, 0, 1, 0, 4, 3], [1, 2, 2, 2]);
    const map = layeredFeatureDistance([a1, a2], [b1, b2], 2, 2);
    expect(map.shape).toEqual([1, 2, 2, 1]);
    const values = Array.from(map.dataSync());
    [1, 1, 1, 1.04].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 5));
    tf.dispose([a1, b1, a2, b2, map]);
  });

  it('rejects unequal layer counts', () => {
    const a = tf.zeros([1, 1, 1, 1]) as tf.Tensor4D;
    expect(() => layeredFeatureDistance([a], [], 1, 1)).toThrow('1 and 0 layers');
    a.dispose();
  });
});

describeWithModel('mobilenet_v1_0.25_224', 'ReconstructionScorer with error_map perceptual (MobileNet V1 0.25)', (dir) => {
  const scoring: ReconstructionScoring = {
    loss: 'mse', error_map: 'perceptual', map_sigma: 0, image_score: 'max', ssim_window: 11, ssim_sigma: 1.5,
    perceptual: { source: 'local', path: dir, model: 'unused', version: 1, alpha: 0.25, layers: PERCEPTUAL_DEFAULT_LAYERS, input_size: 224, fallback_to_hub: false },
  };

  it('maps a perfect reconstruction to 0, and a damaged quadrant above the untouched opposite one', async () => {
    const scorer = new ReconstructionScorer(scoring);
    const x = randomImages(2, 64, 64, 3);
    // Image 1's reconstruction has its top-left 16×16 block replaced by flat grey; image 0's is exact.
    const mask = tf.pad(tf.ones([1, 16, 16, 1]), [[1, 0], [0, 48], [0, 48], [0, 0]]);
    const damaged = tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(mask, 0.5)) as tf.Tensor4D;
    const result = await scorer.score(x, damaged, { maps: true });
    const [exact, broken] = result.maps!;
    expect(exact!.length).toBe(64 * 64);
    expect(Math.max(...exact!)).toBeCloseTo(0, 4);
    const at = (row: number, col: number) => broken![row * 64 + col] as number;
    expect(at(8, 8)).toBeGreaterThan(0.1);
    expect(at(8, 8)).toBeGreaterThan(10 * at(56, 56));
    expect(result.scores[1]).toBeGreaterThan(result.scores[0]! + 0.1);
    tf.dispose([x, mask, damaged]);
    scorer.dispose();
  });

  it('loads the backbone once: tensors stay flat over scores and return to the start after dispose', async () => {
    const x = randomImages(2, 32, 32, 5);
    const y = randomImages(2, 32, 32, 6);
    const start = tf.memory().numTensors;
    const scorer = new ReconstructionScorer(scoring);
    await scorer.score(x, y, { maps: true });
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBeGreaterThan(start); // the backbone's weights
    for (let i = 0; i < 3; i++) await scorer.score(x, y, { maps: true });
    expect(tf.memory().numTensors).toBe(afterFirst);
    scorer.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y]);
  });

  it('exports to a graph that ONNX Runtime scores as the scorer does (scores and maps)', async () => {
    const x = randomImages(2, 48, 40, 7);
    const y = randomImages(2, 48, 40, 8);
    const scorer = new ReconstructionScorer({ ...scoring, map_sigma: 1.5 });
    const expected = await scorer.score(x, y, { maps: true });
    const g = new OnnxGraph('perceptual');
    const input = g.input('x', ['batch', 48, 40, 3]);
    const reconstruction = g.input('y', ['batch', 48, 40, 3]);
    const heads = await scorer.exportHeads(g, input, reconstruction, [48, 40, 3]);
    g.output('score', heads.score, ['batch']);
    g.output('map', heads.map!, ['batch', 48, 40]);
    const session = await OrtSession.create(g.encode(), { threads: 1 });
    const out = await session.run({ x: { data: x.dataSync() as Float32Array, dims: x.shape }, y: { data: y.dataSync() as Float32Array, dims: y.shape } });
    await session.release();
    expect(maxAbsDifference(out.score!.data, expected.scores)).toBeLessThan(1e-4);
    expect(maxAbsDifference(out.map!.data, Float32Array.from(expected.maps!.flatMap((m) => Array.from(m))))).toBeLessThan(1e-4);
    expect(Math.max(...expected.scores)).toBeGreaterThan(0.05);
    scorer.dispose();
    tf.dispose([x, y]);
  });
});
