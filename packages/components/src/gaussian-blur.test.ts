import * as tf from '@tensorflow/tfjs';
import { gaussianBlur, gaussianKernel1d } from './gaussian-blur';

describe('gaussianKernel1d', () => {
  it('sums to one and matches exp(-i²/2σ²) up to normalisation', () => {
    const k = gaussianKernel1d(1, 2);
    expect(gaussianKernel1d(1.5).length).toBe(2 * 5 + 1);
    expect(k.length).toBe(5);
    const raw = [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2)];
    const total = raw.reduce((a, b) => a + b, 0);
    raw.forEach((v, i) => expect(k[i]).toBeCloseTo(v / total, 6));
  });
  it('rejects a non-positive sigma', () => {
    expect(() => gaussianKernel1d(0)).toThrow(/sigma/);
  });
});

describe('gaussianBlur', () => {
  it('leaves a constant image unchanged, borders included', () => {
    const x = tf.fill([1, 6, 7, 2], 0.3) as tf.Tensor4D;
    const y = gaussianBlur(x, 1.5);
    expect(y.shape).toEqual([1, 6, 7, 2]);
    y.dataSync().forEach((v) => expect(v).toBeCloseTo(0.3, 5));
    tf.dispose([x, y]);
  });
  it('spreads an impulse into the separable kernel product and keeps its mass', () => {
    const size = 9;
    const data = new Float32Array(size * size);
    data[4 * size + 4] = 1;
    const x = tf.tensor4d(data, [1, size, size, 1]);
    const y = gaussianBlur(x, 1);
    const out = y.dataSync<'float32'>();
    const k = gaussianKernel1d(1);
    const r = (k.length - 1) / 2;
    expect(out[4 * size + 4]).toBeCloseTo((k[r] as number) ** 2, 6);
    expect(out[4 * size + 5]).toBeCloseTo((k[r] as number) * (k[r + 1] as number), 6);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    tf.dispose([x, y]);
  });
});
