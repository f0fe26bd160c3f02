import * as tf from '@tensorflow/tfjs';

/**
 * The arrays image tensors were made from, kept beside them. tfjs-wasm copies a tensor's values into its heap and
 * x.data() copies them out again into a fresh array: a consumer that needs a batch's values on the host (ONNX
 * Runtime's input, a cache key) reads the source's own array instead, one copy and one large allocation (and the
 * garbage collections they set off) fewer per batch. Weak: an entry goes with its tensor.
 */
const hostValues = new WeakMap<tf.Tensor, Float32Array>();

/** tf.tensor4d over `values`, which are remembered with it: nothing may write to them afterwards. */
export function tensor4dFromHost(values: Float32Array, shape: [number, number, number, number]): tf.Tensor4D {
  const x = tf.tensor4d(values, shape, 'float32');
  hostValues.set(x, values);
  return x;
}

/** x's values, read-only: the array tensor4dFromHost made it from, else x.data() (float32 tensors only). */
export async function hostValuesOf(x: tf.Tensor): Promise<Float32Array> {
  if (x.dtype !== 'float32') throw new Error(`hostValuesOf: a ${x.dtype} tensor, expected float32`);
  const values = x.isDisposed ? undefined : hostValues.get(x);
  return values ?? ((await x.data()) as Float32Array);
}
