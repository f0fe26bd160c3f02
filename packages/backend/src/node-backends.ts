import * as os from 'os';
import * as tf from '@tensorflow/tfjs';
import { reason } from './reason';

export const NODE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

export type ModuleLoader = (id: string) => unknown;

/** `require`, kept out of module load: these optional packages are often not installed or fail to load. */
const requireLazily: ModuleLoader = (id) => require(id);

function isMissing(error: unknown, id: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${id}'`);
}

/**
 * tfjs-node registers its kernels before it loads its native addon; when the addon is missing they stay behind,
 * and the next package to try re-registers them with one warning per kernel.
 */
function forgetTensorflowKernels(): void {
  if (tf.engine().registryFactory.tensorflow) return;
  for (const { kernelName } of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(kernelName, 'tensorflow');
}

/** Loads tfjs-node(-gpu) and switches tf to its 'tensorflow' backend; throws with a one-line reason. */
export async function startTensorflow(name: keyof typeof NODE_PACKAGES, load: ModuleLoader = requireLazily) {
  const id = NODE_PACKAGES[name];
  try {
    load(id);
  } catch (error) {
    forgetTensorflowKernels();
    throw new Error(isMissing(error, id) ? `${id} is not installed` : `${id} failed to load: ${reason(error)}`);
  }
  if (!(await tf.setBackend('tensorflow')) || tf.getBackend() !== 'tensorflow') {
    throw new Error(`${id} loaded but its 'tensorflow' backend did not start`);
  }
  // TensorFlow's own thread pools use every core.
  return { threads: os.cpus().length, simd: false };
}
