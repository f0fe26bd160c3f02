import * as tf from '@tensorflow/tfjs';
import { assertUnitDilation, convGeometry, filterGradPadding, inputGradPadding, zeroInsert } from './conv-geometry';
import { withWasmKernels } from './kernel-ops';

/**
 * dW[i,j,c,m] = sum over n of a depthwise conv whose channels are the (c, n) pairs: x as [1, H, W, C*N] with
 * dy as a [Ho, Wo, C*N, M] filter dilated by the stride, then summed over n.
 */
export const depthwiseConv2dBackpropFilter: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as tf.DepthwiseConv2dNativeBackpropFilterInputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertUnitDilation(tf.DepthwiseConv2dNativeBackpropFilter, dilations);
  const info = convGeometry(tf.DepthwiseConv2dNativeBackpropFilter, x!.shape, filterShape, strides, pad, dimRoundingMode, true);
  const [n, h, w, c] = info.inShape;
  const [fh, fw, , m] = info.filterShape;
  const { top, bottom, left, right } = filterGradPadding(info);
  return withWasmKernels(backend, (ops) => {
    const xs = ops.reshape(ops.transpose(x!, [1, 2, 3, 0]), [1, h, w, c * n]);
    const cropped = ops.cropForPadding(xs, top, bottom, left, right);
    const dy5 = ops.reshape(dy!, [n, info.outHeight, info.outWidth, c, m]);
    const dyAsFilter = ops.reshape(ops.transpose(dy5, [1, 2, 3, 0, 4]), [info.outHeight, info.outWidth, c * n, m]);
    const perPair = ops.depthwiseConv2d(cropped.x, dyAsFilter, [info.strideHeight, info.strideWidth], cropped.pad);
    const split = ops.reshape(perPair, [fh, fw, c, n, m]);
    return n === 1 ? ops.reshape(split, filterShape) : ops.sum(split, [3]);
  });
};

/** dx = depthwise conv of the zero-inserted, padded dy with the rotated filter (multiplier 1), summed over m. */
export const depthwiseConv2dBackpropInput: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as tf.DepthwiseConv2dNativeBackpropInputInputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertUnitDilation(tf.DepthwiseConv2dNativeBackpropInput, dilations);
  const info = convGeometry(tf.DepthwiseConv2dNativeBackpropInput, inputShape, filter!.shape, strides, pad, dimRoundingMode, true);
  const [n, h, w, c] = info.inShape;
  const [fh, fw, , m] = info.filterShape;
  const { top, bottom, left, right } = inputGradPadding(info);
  return withWasmKernels(backend, (ops) => {
    const spread = zeroInsert(ops, dy!, info.strideHeight, info.strideWidth);
    const cropped = ops.cropForPadding(spread, top, bottom, left, right);
    const rotated = ops.reshape(ops.reverse(filter!, [0, 1]), [fh, fw, c * m, 1]);
    const perOutput = ops.depthwiseConv2d(cropped.x, rotated, [1, 1], cropped.pad);
    return m === 1 ? perOutput : ops.sum(ops.reshape(perOutput, [n, h, w, c, m]), [4]);
  });
};
