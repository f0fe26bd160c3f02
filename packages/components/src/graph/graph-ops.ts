import type { GraphBuilder } from '@anomaly-zoo/core';

// Small helpers over GraphBuilder for the ops every graph piece needs, so the pieces read as maths.

export function floats(g: GraphBuilder, values: ArrayLike<number>, dims: readonly number[], hint?: string): string {
  return g.constant({ float32: Float32Array.from(values), dims }, hint);
}

export function scalar(g: GraphBuilder, value: number, hint?: string): string {
  return floats(g, [value], [], hint);
}

export function int64s(g: GraphBuilder, values: readonly number[], hint?: string): string {
  return g.constant({ int64: values, dims: [values.length] }, hint);
}

export function op(g: GraphBuilder, type: string, inputs: readonly string[], attributes?: Parameters<GraphBuilder['node']>[2]): string {
  return g.node(type, inputs, attributes)[0] as string;
}

export function transpose(g: GraphBuilder, x: string, perm: readonly number[]): string {
  return op(g, 'Transpose', [x], { perm: { ints: perm } });
}

export function reshape(g: GraphBuilder, x: string, shape: readonly number[]): string {
  return op(g, 'Reshape', [x, int64s(g, shape, 'shape')]);
}

/** ReduceSum/ReduceMean/ReduceMax/ReduceMin over `axes` (opset 17: ReduceSum takes axes as an input, the others as an attribute). */
export function reduce(g: GraphBuilder, kind: 'Sum' | 'Mean' | 'Max' | 'Min' | 'LogSumExp', x: string, axes: readonly number[], keepdims: boolean): string {
  if (kind === 'Sum') return op(g, 'ReduceSum', [x, int64s(g, axes, 'axes')], { keepdims: { int: keepdims ? 1 : 0 } });
  return op(g, `Reduce${kind}`, [x], { axes: { ints: axes }, keepdims: { int: keepdims ? 1 : 0 } });
}

/** NHWC → NCHW and back. */
export const toNchw = (g: GraphBuilder, x: string): string => transpose(g, x, [0, 3, 1, 2]);
export const toNhwc = (g: GraphBuilder, x: string): string => transpose(g, x, [0, 2, 3, 1]);

/** A row-major copy of `data` (dims `shape`) with its axes permuted by `perm`, for laying weights out in ONNX order. */
export function permuted(data: Float32Array, shape: readonly number[], perm: readonly number[]): { data: Float32Array; dims: number[] } {
  const dims = perm.map((p) => shape[p] as number);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const index = new Array<number>(dims.length).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < dims.length; axis++) source += (index[axis] as number) * (strides[perm[axis] as number] as number);
    out[flat] = data[source] as number;
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (dims[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return { data: out, dims };
}
