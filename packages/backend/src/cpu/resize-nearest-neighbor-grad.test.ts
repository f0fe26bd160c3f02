import * as tf from '@tensorflow/tfjs';
import { randomArray, sizeOf } from '../test-utils/compare';
import { registerCpuKernels } from './register-kernels';

beforeAll(async () => {
  registerCpuKernels();
  await tf.setBackend('cpu');
});

const variants: { images: [number, number, number, number]; size: [number, number]; alignCorners: boolean; halfPixelCenters: boolean }[] = [
  { images: [2, 3, 5, 2], size: [6, 10], alignCorners: false, halfPixelCenters: false },
  { images: [3, 4, 3, 1], size: [8, 9], alignCorners: true, halfPixelCenters: false },
  { images: [2, 5, 4, 3], size: [7, 6], alignCorners: false, halfPixelCenters: true },
  { images: [2, 6, 6, 2], size: [3, 4], alignCorners: false, halfPixelCenters: false },
];

// The gradient is the adjoint of the resize: <grad(dy), x> = <dy, resize(x)> for every x and dy.
test.each(variants)('cpu ResizeNearestNeighborGrad is the adjoint of the resize for batch > 1: %j', ({ images, size, ...flags }) => {
  const dyShape: number[] = [images[0], size[0], size[1], images[3]];
  const x = tf.tensor4d(randomArray(sizeOf(images), 1), images);
  const dy = tf.tensor(randomArray(sizeOf(dyShape), 2), dyShape);
  const grad = tf.engine().runKernel(tf.ResizeNearestNeighborGrad, { images: x, dy },
    { ...flags, size } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const resized = tf.image.resizeNearestNeighbor(x, size, flags.alignCorners, flags.halfPixelCenters);
  expect(grad.shape).toEqual(images);
  const lhs = tf.sum(tf.mul(grad, x)).arraySync() as number;
  const rhs = tf.sum(tf.mul(dy, resized)).arraySync() as number;
  expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(rhs)));
  tf.dispose([x, dy, grad, resized]);
});
