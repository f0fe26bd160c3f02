import * as tf from '@tensorflow/tfjs';
import { nhwc } from '../shape';
import type { WasmKernelScope } from './kernel-ops';

/**
 * The forward conv's geometry, as tfjs computes it (NHWC); both shapes are checked to be rank 4 first (`kernel`
 * names the caller in the error). Its inShape and filterShape are then the kernel's checked 4-tuples.
 */
export function convGeometry(
  kernel: string, inShape: number[], filterShape: number[], strides: number | [number, number], pad: tf.Conv2DAttrs['pad'],
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined, depthwise: boolean,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    nhwc(inShape, `${kernel} input shape`), nhwc(filterShape, `${kernel} filter shape`), strides, 1, pad, dimRoundingMode, depthwise, 'channelsLast');
}

/**
 * Spreads dy's rows and columns `stride` apart (zeros between, and stride-1 zeros after the last one),
 * by reshape + pad + reshape. [N, Ho, Wo, C] -> [N, Ho*sh, Wo*sw, C].
 */
export function zeroInsert(ops: WasmKernelScope, dy: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = nhwc(dy.shape, 'zeroInsert dy');
  const spread = ops.pad(ops.reshape(dy, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return ops.reshape(spread, [n, h * sh, w * sw, c]);
}

/**
 * Padding of the zero-inserted dy so that a stride-1 'valid' conv with the rotated filter yields the input's size
 * (negative amounts mean crop).
 */
export function inputGradPadding(info: tf.backend_util.Conv2DInfo) {
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  return {
    top,
    left,
    bottom: info.inHeight + info.filterHeight - 1 - top - info.outHeight * info.strideHeight,
    right: info.inWidth + info.filterWidth - 1 - left - info.outWidth * info.strideWidth,
  };
}

/** Padding of the input so that dy, dilated by the stride, spans exactly the filter size. */
export function filterGradPadding(info: tf.backend_util.Conv2DInfo) {
  const { top, left } = info.padInfo;
  return {
    top,
    left,
    bottom: (info.outHeight - 1) * info.strideHeight + info.filterHeight - info.inHeight - top,
    right: (info.outWidth - 1) * info.strideWidth + info.filterWidth - info.inWidth - left,
  };
}

export function assertUnitDilation(kernelName: string, dilations: number | [number, number] | undefined): void {
  const [dh, dw] = typeof dilations === 'number' || dilations == null ? [dilations ?? 1, dilations ?? 1] : dilations;
  if (dh !== 1 || dw !== 1) throw new Error(`${kernelName} on wasm supports dilation 1 only, got ${dh}x${dw}`);
}
