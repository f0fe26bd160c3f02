import * as tf from '@tensorflow/tfjs';
import { Type } from '@anomaly-zoo/core';
import { defaultConfig } from '@anomaly-zoo/testing';
import { gaussianBlur } from './gaussian-blur';
import { errorMap, ReconstructionScoring, reconstructionLoss, scoreReconstruction } from './reconstruction';
import { reconstructionScoringSchema } from './reconstruction-scorer';
import { ssim, ssimMap } from './ssim';

const scoring = defaultConfig<ReconstructionScoring>({ name: 'reconstruction scoring', schema: Type.Object(reconstructionScoringSchema) }, { map_sigma: 0, ssim_window: 5 });

/** Two 4×4 two-channel images; the second differs from x only at one pixel of image 1. */
function pair(): [tf.Tensor4D, tf.Tensor4D] {
  const x = tf.fill([2, 4, 4, 2], 0.5) as tf.Tensor4D;
  const delta = new Float32Array(2 * 4 * 4 * 2);
  delta[(1 * 16 + 1 * 4 + 2) * 2 + 0] = 0.4; // image 1, row 1, column 2, channel 0
  delta[(1 * 16 + 1 * 4 + 2) * 2 + 1] = 0.2; // same pixel, channel 1
  const y = tf.add(x, tf.tensor4d(delta, [2, 4, 4, 2])) as tf.Tensor4D;
  return [x, y];
}

describe('errorMap', () => {
  it('is the channel mean of the squared difference, one value per pixel', () => {
    const [x, y] = pair();
    const map = errorMap(x, y, scoring);
    expect(map.shape).toEqual([2, 4, 4, 1]);
    const values = map.dataSync<'float32'>();
    expect(values[16 + 4 + 2]).toBeCloseTo((0.4 ** 2 + 0.2 ** 2) / 2, 6);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo((0.4 ** 2 + 0.2 ** 2) / 2, 6);
    tf.dispose([x, y, map]);
  });

  it('is 1 − SSIM (channel mean) for error_map ssim: zero for a perfect reconstruction', () => {
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const map = errorMap(x, x, { ...scoring, error_map: 'ssim' });
    map.dataSync().forEach((v) => expect(v).toBeCloseTo(0, 5));
    tf.dispose([x, map]);
  });
});

describe('errorMap with SSIM', () => {
  it('uses the configured window and σ', () => {
    const x = tf.randomUniform([1, 9, 9, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const y = tf.randomUniform([1, 9, 9, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const map = errorMap(x, y, { ...scoring, error_map: 'ssim', ssim_window: 7, ssim_sigma: 0.8 }).dataSync();
    const expected = ssimMap(x, y, { windowSize: 7, sigma: 0.8 }).dataSync();
    map.forEach((v, i) => expect(v).toBeCloseTo(1 - (expected[i] as number), 6));
    const wide = errorMap(x, y, { ...scoring, error_map: 'ssim', ssim_window: 7, ssim_sigma: 1.5 }).dataSync();
    expect(Math.abs((wide[40] as number) - (map[40] as number))).toBeGreaterThan(1e-3);
    tf.dispose([x, y]);
  });
});

describe('scoreReconstruction', () => {
  it('scores by the maximum of the smoothed map or by the mean error, with input-sized maps', async () => {
    const [x, y] = pair();
    const peak = (0.4 ** 2 + 0.2 ** 2) / 2;
    const max = await scoreReconstruction(x, y, { ...scoring, map_sigma: 1 }, { maps: true, reconstructions: true });
    const smoothed = gaussianBlur(errorMap(x, y, scoring), 1);
    expect(max.scores[0]).toBe(0);
    expect(max.scores[1]).toBeCloseTo(Math.max(...smoothed.dataSync().slice(16)), 6);
    expect(max.scores[1]).toBeLessThan(peak);
    expect(max.maps).toHaveLength(2);
    expect(max.maps![1]).toHaveLength(16);
    expect(Array.from(max.maps![1]!)).toEqual(Array.from(smoothed.dataSync().slice(16)));
    expect(max.reconstructions![1]).toHaveLength(4 * 4 * 2);
    const mean = await scoreReconstruction(x, y, { ...scoring, image_score: 'mean' });
    expect(mean.scores[1]).toBeCloseTo(peak / 16, 7);
    expect(mean.maps).toBeUndefined();
    tf.dispose([x, y, smoothed]);
  });

  it('leaves no tensors behind', async () => {
    const [x, y] = pair();
    const before = tf.memory().numTensors;
    await scoreReconstruction(x, y, { ...scoring, map_sigma: 2, error_map: 'ssim' }, { maps: true });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe('reconstructionLoss', () => {
  it('is MSE, L1, 1 − mean SSIM, or MSE + (1 − mean SSIM)', () => {
    const [x, y] = pair();
    const value = (loss: ReconstructionScoring['loss']) => reconstructionLoss(x, y, { ...scoring, loss }).dataSync()[0] as number;
    const elements = 2 * 4 * 4 * 2;
    expect(value('mse')).toBeCloseTo((0.4 ** 2 + 0.2 ** 2) / elements, 7);
    expect(value('l1')).toBeCloseTo((0.4 + 0.2) / elements, 7);
    const structural = 1 - (tf.mean(ssim(x, y, { windowSize: 5 })).dataSync()[0] as number);
    expect(structural).toBeGreaterThan(0);
    expect(value('ssim')).toBeCloseTo(structural, 6);
    expect(value('mse+ssim')).toBeCloseTo(value('mse') + structural, 6);
    tf.dispose([x, y]);
  });
});
