import type { GraphBuilder } from '@anomaly-zoo/core';

// Small helpers over GraphBuilder for the ops every graph piece needs, so the pieces read as maths.

export function floats(g: GraphBuilder, values: ArrayLike<number>, dims: readonly number[], hint?: string): string {
  return g.constant({ float32: Float32Array.from(values), dims }, hint);
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

/** NHWC → NCHW and back (the backbone export's transposes, under the names the graph pieces use). */
export { nhwcToNchw as toNchw, nchwToNhwc as toNhwc, scalar } from '../backbone/graph-ops';
