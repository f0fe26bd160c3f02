import * as tf from '@tensorflow/tfjs';
import { convGeometry, filterGradPadding, inputGradPadding, zeroInsert } from './conv-geometry';
import { withWasmKernels } from './kernel-ops';

/**
 * dW = conv2d(x', dy') with x' = padded x as [C_in, H, W, N] (C_in images of N channels) and dy' = dy as a
 * [Ho, Wo, N, C_out] filter dilated by the forward stride; the result [C_in, fh, fw, C_out] is transposed back.
 */
export const conv2dBackpropFilter: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as tf.Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error(`${tf.Conv2DBackpropFilter} on wasm supports NHWC only`);
  const info = convGeometry(x!.shape, filterShape, strides, pad, dimRoundingMode, false);
  const { top, bottom, left, right } = filterGradPadding(info);
  return withWasmKernels(backend, (ops) => {
    const cropped = ops.cropForPadding(ops.transpose(x!, [3, 1, 2, 0]), top, bottom, left, right);
    const dyAsFilter = ops.transpose(dy!, [1, 2, 0, 3]);
    const dw = ops.conv2d(cropped.x, dyAsFilter, [info.strideHeight, info.strideWidth], cropped.pad);
    return ops.transpose(dw, [1, 2, 0, 3]);
  });
};

/**
 * dx = conv2d(zero-inserted, padded dy, filter rotated 180° with in/out swapped), stride 1. The stock wasm kernel
 * is a single-threaded scalar loop; this runs on XNNPACK's conv.
 */
export function conv2dBackpropInput(stock?: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as tf.Conv2DBackpropInputInputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW') {
      if (stock) return stock(args);
      throw new Error(`${tf.Conv2DBackpropInput} on wasm supports NHWC only`);
    }
    const info = convGeometry(inputShape, filter!.shape, strides, pad, dimRoundingMode, false);
    const { top, bottom, left, right } = inputGradPadding(info);
    return withWasmKernels(args.backend, (ops) => {
      const spread = zeroInsert(ops, dy!, info.strideHeight, info.strideWidth);
      const cropped = ops.cropForPadding(spread, top, bottom, left, right);
      const rotated = ops.transpose(ops.reverse(filter!, [0, 1]), [0, 1, 3, 2]);
      return ops.conv2d(cropped.x, rotated, [1, 1], cropped.pad);
    });
  };
}
