import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Identity as a new reference to the same data, as the cpu backend does. The stock wasm kernel copies, which costs
 * a copy per tf.clone (customGrad saves, layers, optimizers) and, under IS_TEST, makes the engine report those
 * copies as an internal memory leak in fused convs trained with a non-fusable activation.
 */
export const identity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as tf.IdentityInputs;
  (backend as BackendWasm).incRef(x!.dataId);
  return { dataId: x!.dataId, shape: x!.shape, dtype: x!.dtype };
};
