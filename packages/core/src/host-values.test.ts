import * as tf from '@tensorflow/tfjs';
import { hostValuesOf, tensor4dFromHost } from './host-values';

describe('hostValuesOf', () => {
  it("reads a tensor4dFromHost tensor's own array, and any other float32 tensor through data()", async () => {
    const values = Float32Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i / 10);
    const x = tensor4dFromHost(values, [2, 2, 2, 3]);
    expect(await hostValuesOf(x)).toBe(values);
    expect(Array.from(await x.data())).toEqual(Array.from(values));
    const y = tf.mul(x, 2) as tf.Tensor4D;
    const doubled = await hostValuesOf(y);
    expect(doubled).not.toBe(values);
    expect(Array.from(doubled)).toEqual(Array.from(values, (v) => Math.fround(v * 2)));
    tf.dispose([x, y]);
  });

  it('refuses a disposed tensor as data() does, and a tensor that is not float32', async () => {
    const x = tensor4dFromHost(new Float32Array(3), [1, 1, 1, 3]);
    x.dispose();
    await expect(hostValuesOf(x)).rejects.toThrow(/disposed/);
    const ints = tf.tensor1d([1, 2], 'int32');
    await expect(hostValuesOf(ints)).rejects.toThrow(/int32 tensor, expected float32/);
    ints.dispose();
  });
});
