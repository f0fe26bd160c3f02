import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { decodeFloat32, decodeTensor, encodeFloat32, encodeTensor } from './serialization';

describe('float32 serialisation', () => {
  it('writes little-endian IEEE-754 bytes: 1.0 is 00 00 80 3F, base64 "AACAPw=="', () => {
    expect(encodeFloat32([1], [1])).toEqual({ dtype: 'float32', shape: [1], base64: 'AACAPw==' });
    expect(Array.from(decodeFloat32({ dtype: 'float32', shape: [2], base64: 'AACAPwAAAMA=' }, 'test'))).toEqual([1, -2]);
  });

  it('round-trips every bit, through JSON text, of awkward values', () => {
    const values = Float32Array.from([0.1, -0, 1e-45, 3.4028234663852886e38, -1.5, Math.PI, Infinity, NaN]);
    const text = JSON.stringify(encodeFloat32(values, [2, 4]));
    const back = decodeFloat32(JSON.parse(text), 'test');
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('round-trips a tensor with its shape', () => {
    const t = tf.tensor2d([1.25, 2, 3, 4, 5, 6.5], [3, 2]);
    const back = decodeTensor(encodeTensor(t), [null, 2], 'test');
    expect(back.shape).toEqual([3, 2]);
    expect(Array.from(back.dataSync())).toEqual([1.25, 2, 3, 4, 5, 6.5]);
    tf.dispose([t, back]);
  });

  it('rejects malformed or mis-shaped data with a UserError', () => {
    const encoded = encodeFloat32([1, 2, 3], [3]);
    expect(() => decodeFloat32({ ...encoded, shape: [4] }, 'w')).toThrow(UserError);
    expect(() => decodeFloat32({ shape: [3] } as never, 'w')).toThrow(UserError);
    expect(() => decodeTensor(encoded, [2], 'w')).toThrow(/expected shape \[2\]/);
    expect(() => encodeFloat32([1, 2], [3])).toThrow(/do not fill/);
  });
});
