import type { Float32Data, GraphBuilder } from '@anomaly-zoo/core';
import { OnnxGraph, OrtSession } from '@anomaly-zoo/onnx';

/**
 * Builds a graph over the given float32 inputs with `build` (which returns the values to read back, by name, with
 * their ranks) and runs it once in ONNX Runtime: the harness the graph pieces are checked against tfjs with.
 */
export async function evaluateGraph(
  inputs: Readonly<Record<string, Float32Data>>,
  build: (g: GraphBuilder, names: Record<string, string>) => Record<string, { value: string; rank: number }>,
): Promise<Record<string, Float32Data>> {
  const g = new OnnxGraph('test');
  const names: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) names[name] = g.input(name, value.dims.map((_, i) => `${name}_${i}`));
  for (const [name, { value, rank }] of Object.entries(build(g, names))) g.output(name, value, Array.from({ length: rank }, (_, i) => `${name}_${i}`));
  const session = await OrtSession.create(g.encode(), { threads: 1 });
  try {
    return await session.run(inputs);
  } finally {
    await session.release();
  }
}

/** The largest |a − b| over two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}
