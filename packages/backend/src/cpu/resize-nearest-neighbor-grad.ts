import * as tf from '@tensorflow/tfjs';
import { nhwc } from '../shape';

/** Source row (or column) that output index `i` reads in tfjs' nearest-neighbour resize. */
function sourceIndex(i: number, inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): number {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  const frac = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
  const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
  return halfPixelCenters ? Math.max(0, nearest) : nearest;
}

/**
 * The exact transpose of the forward resize: each dy value goes to the pixel it was read from. The stock cpu kernel
 * offsets dy by the images' batch stride, so every batch element after the first gets a wrong gradient.
 */
export const resizeNearestNeighborGrad: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { images, dy } = inputs as tf.ResizeNearestNeighborGradInputs;
  const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
  const [batch, inH, inW, depth] = nhwc(images!.shape, `${tf.ResizeNearestNeighborGrad} images`);
  const [, outH, outW] = nhwc(dy!.shape, `${tf.ResizeNearestNeighborGrad} dy`);
  const cpu = backend as tf.KernelBackend;
  const dyValues = cpu.readSync(dy!.dataId) as Float32Array;
  const rows = Array.from({ length: outH }, (_, r) => sourceIndex(r, inH, outH, alignCorners, halfPixelCenters));
  const cols = Array.from({ length: outW }, (_, c) => sourceIndex(c, inW, outW, alignCorners, halfPixelCenters));
  const dx = new Float32Array(batch * inH * inW * depth);
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outH; r++) {
      for (let c = 0; c < outW; c++) {
        const to = ((b * inH + rows[r]!) * inW + cols[c]!) * depth;
        for (let d = 0; d < depth; d++) dx[to + d]! += dyValues[at++]!;
      }
    }
  }
  return { dataId: cpu.write(dx, images!.shape, 'float32'), shape: images!.shape, dtype: 'float32' };
};
