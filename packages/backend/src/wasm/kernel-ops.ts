import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { moveBlocks, transpose2d } from './heap-transpose';
import { nhwc } from '../shape';

type HeapArray = Float32Array | Int32Array;
type Padding = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/**
 * Runs the wasm backend's own kernels on TensorInfos from inside another kernel, without the engine
 * (no tape, no tensor tracking). Every output is a temporary until `finish`, which frees all of them
 * except the result.
 */
export class WasmKernelScope {
  private readonly temps: tf.TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const { kernelFunc } = tf.getKernel(kernelName, 'wasm');
    const out = kernelFunc({ inputs, attrs, backend: this.backend }) as tf.TensorInfo;
    this.temps.push(out);
    return out;
  }

  /** A new float32 tensor on the heap holding `values`. */
  fromValues(shape: number[], values: Float32Array): tf.TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    (this.backend.typedArrayFromHeap(out) as Float32Array).set(values);
    this.temps.push(out);
    return out;
  }

  /** The values of a float32 tensor (a copy). */
  values(x: tf.TensorInfo): Float32Array {
    return this.backend.readSync(x.dataId) as Float32Array;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run(tf.Reshape, { x }, { shape });
  }

  /**
   * Transpose with axes that stay neighbours merged, run from JS (heap-transpose): a tiled 2-D transpose, block
   * copies when the innermost axis stays, and [A, B, C] -> [C, B, A] as both. Other orders use the wasm kernel.
   */
  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    const { shape, order } = mergeAxes(x.shape, perm);
    const outShape = perm.map((axis) => x.shape[axis]!);
    if (order.length === 1) return this.reshape(x, outShape);
    const key = order.join();
    const innermostStays = order[order.length - 1] === order.length - 1;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      return this.reshape(this.run(tf.Transpose, { x: this.reshape(x, shape) }, { perm: order }), outShape);
    }
    if (key === '1,0') return this.heapOp(x, outShape, (src, dst) => transpose2d(src, dst, shape[0]!, shape[1]!));
    if (innermostStays) return this.heapOp(x, outShape, (src, dst) => moveBlocks(src, dst, shape, order));
    if (key === '2,1,0') {
      const [a, b, c] = shape as [number, number, number];
      const flipped = this.heapOp(x, [b, c, a], (src, dst) => transpose2d(src, dst, a, b * c));
      return this.heapOp(flipped, outShape, (src, dst) => moveBlocks(src, dst, [b, c, a], [1, 0, 2]));
    }
    return this.reshape(this.run(tf.Transpose, { x: this.reshape(x, shape) }, { perm: order }), outShape);
  }

  /** A new tensor of `shape` filled from x's heap data by `fill`. */
  private heapOp(x: tf.TensorInfo, shape: number[], fill: (src: HeapArray, dst: HeapArray) => void): tf.TensorInfo {
    const out = this.backend.makeOutput(shape, x.dtype);
    this.temps.push(out);
    // Views are taken after makeOutput: allocating may grow the heap and detach older views.
    fill(this.backend.typedArrayFromHeap(x) as HeapArray, this.backend.typedArrayFromHeap(out) as HeapArray);
    return out;
  }

  pad(x: tf.TensorInfo, paddings: [number, number][]): tf.TensorInfo {
    return this.run(tf.PadV2, { x }, { paddings, constantValue: 0 });
  }

  slice(x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
    return this.run(tf.Slice, { x }, { begin, size });
  }

  reverse(x: tf.TensorInfo, dims: number[]): tf.TensorInfo {
    return this.run(tf.Reverse, { x }, { dims });
  }

  sum(x: tf.TensorInfo, axis: number[]): tf.TensorInfo {
    return this.run(tf.Sum, { x }, { axis, keepDims: false });
  }

  conv2d(x: tf.TensorInfo, filter: tf.TensorInfo, dilations: [number, number], pad: Padding): tf.TensorInfo {
    return this.run(tf.Conv2D, { x, filter }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations });
  }

  depthwiseConv2d(x: tf.TensorInfo, filter: tf.TensorInfo, dilations: [number, number], pad: Padding): tf.TensorInfo {
    return this.run(tf.DepthwiseConv2dNative, { x, filter }, { strides: [1, 1], pad, dilations });
  }

  /**
   * Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor.
   * Returns the tensor cropped where needed and the non-negative padding left for the conv to apply.
   */
  cropForPadding(x: tf.TensorInfo, top: number, bottom: number, left: number, right: number):
    { x: tf.TensorInfo; pad: tf.backend_util.ExplicitPadding } {
    const [n, h, w, c] = nhwc(x.shape, 'cropForPadding x');
    const [cutTop, cutBottom, cutLeft, cutRight] = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)];
    const cropped = cutTop > 0 || cutBottom > 0 || cutLeft > 0 || cutRight > 0
      ? this.slice(x, [0, cutTop, cutLeft, 0], [n, h - cutTop - cutBottom, w - cutLeft - cutRight, c])
      : x;
    const pad: tf.backend_util.ExplicitPadding =
      [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
    return { x: cropped, pad };
  }

  /** Frees every temporary except `result` (a reshape of a temporary keeps its own reference). */
  finish(result: tf.TensorInfo): tf.TensorInfo {
    this.dispose(result);
    return result;
  }

  dispose(keep?: tf.TensorInfo): void {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/** Runs `body` in a scope; temporaries are freed whether it returns or throws. */
export function withWasmKernels(backend: object, body: (ops: WasmKernelScope) => tf.TensorInfo): tf.TensorInfo {
  const ops = new WasmKernelScope(backend as BackendWasm);
  try {
    return ops.finish(body(ops));
  } finally {
    ops.dispose();
  }
}

/** Merges runs of input axes that stay adjacent and in order under `perm`: [N,H,W,C] by [3,1,2,0] -> [N,HW,C] by [2,1,0]. */
export function mergeAxes(shape: number[], perm: number[]): { shape: number[]; order: number[] } {
  const kept = perm.filter((axis) => shape[axis] !== 1);
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1]! + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  if (groups.length === 0) return { shape: [1], order: [0] };
  const bySource = [...groups].sort((a, b) => a[0]! - b[0]!);
  return {
    shape: bySource.map((g) => g.reduce((size, axis) => size * shape[axis]!, 1)),
    order: groups.map((g) => bySource.indexOf(g)),
  };
}
