import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { FeatureScaler, type FeatureScalerJSON } from './feature-scaler';
import { expectAllClose } from './test-utils/expect-close';

// Norms 5, 1 and 2.
const TRAINING = [
  [3, 4],
  [1, 0],
  [0, -2],
];

describe('FeatureScaler', () => {
  it("'max_norm' divides by the largest training norm (5)", () => {
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('max_norm').fit(x);
    expect(scaler.maxNorm).toBeCloseTo(5, 6);
    const queries = tf.tensor2d([
      [6, 8],
      [0, -1],
    ]);
    const y = scaler.transform(queries);
    expectAllClose(y.dataSync(), [1.2, 1.6, 0, -0.2], 1e-6);
    tf.dispose([x, queries, y]);
  });

  it("'unit_norm' scales each row to norm 1 and leaves zero rows at zero", () => {
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('unit_norm').fit(x);
    const queries = tf.tensor2d([
      [3, 4],
      [0, 0],
      [0, -0.5],
    ]);
    const y = scaler.transform(queries);
    expectAllClose(y.dataSync(), [0.6, 0.8, 0, 0, 0, -1], 1e-6);
    expect(scaler.maxNorm).toBe(1);
    tf.dispose([x, queries, y]);
  });

  // TRAINING's columns: means 4/3 and 2/3; deviations (n − 1) √(7/3) and √(28/3).
  it("'standard' subtracts the training mean and divides by the training deviation (n − 1), per feature", () => {
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('standard').fit(x);
    const queries = tf.tensor2d([
      [4 / 3, 2 / 3],
      [3, 4],
      [0, -2],
    ]);
    const y = scaler.transform(queries);
    const [s1, s2] = [Math.sqrt(7 / 3), Math.sqrt(28 / 3)];
    expectAllClose(y.dataSync(), [0, 0, (3 - 4 / 3) / s1, (4 - 2 / 3) / s2, -4 / 3 / s1, -8 / 3 / s2], 1e-6);
    // The training set itself comes out with unit sample variance in every feature.
    const z = scaler.transform(x);
    const variance = tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(z, tf.mean(z, 0))), 0), 2));
    expectAllClose(variance.dataSync(), [1, 1], 1e-5);
    tf.dispose([x, queries, y, z, variance]);
  });

  it("'standard' divides a constant feature by a floor (1e-6 × the largest deviation), not by zero", () => {
    const x = tf.tensor2d([
      [1, 0],
      [3, 0],
    ]);
    const scaler = new FeatureScaler('standard').fit(x);
    const queries = tf.tensor2d([[2, 2e-6]]);
    const y = scaler.transform(queries);
    // The first feature's deviation is √2; the second is constant, so 2e-6 / (1e-6·√2) = √2.
    expectAllClose(y.dataSync(), [0, Math.SQRT2], 1e-5);
    // One training sample has no deviation at all: every divisor is 1.
    const [one, later] = [tf.tensor2d([[7, 8]]), tf.tensor2d([[8, 10]])];
    const shifted = new FeatureScaler('standard').fit(one).transform(later);
    expectAllClose(shifted.dataSync(), [1, 2], 1e-6);
    tf.dispose([x, queries, y, one, later, shifted]);
  });

  it("'none' returns a copy", () => {
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('none').fit(x);
    const y = scaler.transform(x);
    expect(y).not.toBe(x);
    x.dispose();
    expect(y.arraySync()).toEqual(TRAINING);
    y.dispose();
  });

  it('falls back to a divisor of 1 for all-zero training data', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(new FeatureScaler('max_norm').fit(x).maxNorm).toBe(1);
    x.dispose();
  });

  it('round-trips through JSON text and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('max_norm').fit(x);
    const restored = FeatureScaler.fromJSON(JSON.parse(JSON.stringify(scaler.toJSON())) as FeatureScalerJSON);
    expect(restored.toJSON()).toEqual(scaler.toJSON());
    const [a, b] = [scaler.transform(x), restored.transform(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(x.arraySync()).toEqual(TRAINING);
    tf.dispose([x, a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("'standard' round-trips through JSON text bit-exactly and rejects a file without its moments", () => {
    const x = tf.tensor2d(TRAINING);
    const scaler = new FeatureScaler('standard').fit(x);
    const json = JSON.parse(JSON.stringify(scaler.toJSON())) as FeatureScalerJSON;
    const restored = FeatureScaler.fromJSON(json);
    const [a, b] = [scaler.transform(x), restored.transform(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => FeatureScaler.fromJSON({ ...json, scale: undefined })).toThrow(/needs 'mean' and 'scale'/);
    tf.dispose([x, a, b]);
  });

  it('validates mode, fitting, shapes and serialised form', () => {
    expect(() => new FeatureScaler('scale' as never)).toThrow(UserError);
    const x = tf.tensor2d(TRAINING);
    expect(() => new FeatureScaler().transform(x)).toThrow(/fit\(\) first/);
    const scaler = new FeatureScaler().fit(x);
    const wide = tf.zeros([1, 3]) as tf.Tensor2D;
    expect(() => scaler.transform(wide)).toThrow(/expected 2 features/);
    expect(() => FeatureScaler.fromJSON({ ...scaler.toJSON(), maxNorm: 0 })).toThrow(UserError);
    expect(() => FeatureScaler.fromJSON({ ...scaler.toJSON(), version: 2 } as never)).toThrow(/version/);
    tf.dispose([x, wide]);
  });
});
