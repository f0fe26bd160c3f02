import * as tf from '@tensorflow/tfjs';
import { resizeNearestNeighborGrad } from './resize-nearest-neighbor-grad';

let registered = false;

/** Replaces cpu kernels that give wrong results (idempotent). */
export function registerCpuKernels(): void {
  if (registered) return;
  if (tf.getKernel(tf.ResizeNearestNeighborGrad, 'cpu')) tf.unregisterKernel(tf.ResizeNearestNeighborGrad, 'cpu');
  tf.registerKernel({ kernelName: tf.ResizeNearestNeighborGrad, backendName: 'cpu', kernelFunc: resizeNearestNeighborGrad });
  registered = true;
}
