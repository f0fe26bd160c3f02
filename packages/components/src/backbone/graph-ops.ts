import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';

/** A value of an exported backbone graph and its rank: 4 for an NHWC map, 2 for an [N,C] vector. */
export interface GraphOutput {
  name: string;
  rank: number;
}

export function nhwcToNchw(g: GraphBuilder, x: string): string {
  return g.node('Transpose', [x], { perm: { ints: [0, 3, 1, 2] } })[0]!;
}

export function nchwToNhwc(g: GraphBuilder, x: string): string {
  return g.node('Transpose', [x], { perm: { ints: [0, 2, 3, 1] } })[0]!;
}

export function scalar(g: GraphBuilder, value: number, hint = 'scalar'): string {
  return g.constant({ float32: Float32Array.of(value), dims: [] }, hint);
}

/** min(max(x, 0), 6): Clip with constant bounds (opset ≥ 11 takes them as inputs). */
export function relu6(g: GraphBuilder, x: string): string {
  return g.node('Clip', [x, scalar(g, 0, 'zero'), scalar(g, 6, 'six')])[0]!;
}

/** [0,1] → [low, high] as toRange() does it: x·(high − low) + low; nothing when the range is [0,1]. */
export function exportToRange(g: GraphBuilder, x: string, [low, high]: readonly [number, number]): string {
  if (low === 0 && high === 1) return x;
  const [scaled] = g.node('Mul', [x, scalar(g, high - low, 'range_scale')]);
  return g.node('Add', [scaled!, scalar(g, low, 'range_offset')])[0]!;
}

/** A tfjs conv2d kernel [kh, kw, in, out] as an ONNX Conv weight [out, in, kh, kw]. */
export function convKernelToOnnx(g: GraphBuilder, kernel: tf.Tensor4D, hint: string): string {
  const [kh, kw, inChannels, outChannels] = kernel.shape;
  const values = transposedValues(kernel, [3, 2, 0, 1]);
  return g.constant({ float32: values, dims: [outChannels, inChannels, kh, kw] }, `${hint}_weight`);
}

/**
 * A tfjs depthwise kernel [kh, kw, in, multiplier] as the weight of an ONNX Conv with group = in: [in·multiplier, 1,
 * kh, kw]. tfjs numbers output channel i·multiplier + m for input channel i and multiplier m, which is the order of
 * ONNX's groups (group i owns output channels i·multiplier … (i + 1)·multiplier − 1).
 */
export function depthwiseKernelToOnnx(g: GraphBuilder, kernel: tf.Tensor4D, hint: string): string {
  const [kh, kw, inChannels, multiplier] = kernel.shape;
  const values = transposedValues(kernel, [2, 3, 0, 1]);
  return g.constant({ float32: values, dims: [inChannels * multiplier, 1, kh, kw] }, `${hint}_weight`);
}

/**
 * The values of `kernel` transposed by `perm`. Not through tf.tidy: tidy walks what its function returns looking
 * for tensors, and walks a typed array index by index (2.6 s for MobileNet's 2.6 M conv weights at load ~20).
 */
function transposedValues(kernel: tf.Tensor4D, perm: number[]): Float32Array {
  const transposed = tf.transpose(kernel, perm);
  try {
    return transposed.dataSync() as Float32Array;
  } finally {
    transposed.dispose();
  }
}
