import type { CompiledGraph, Float32Data, GraphBuilder, GraphRuntime } from '@anomaly-zoo/core';
import { OnnxGraph } from './onnx-graph';
import { OrtSession, OrtSessionOptions } from './ort-session';

/** The GraphRuntime of ONNX Runtime (onnxruntime-node, CPU): each graph encoded by OnnxGraph, run by an OrtSession. */
export class OnnxRuntime implements GraphRuntime {
  readonly name = 'onnxruntime';

  constructor(private readonly options: OrtSessionOptions = {}) {}

  async compile(build: (g: GraphBuilder, input: string) => string[], inputDims: readonly number[], name = 'graph'): Promise<CompiledGraph> {
    const g = new OnnxGraph(name);
    const input = g.input('input', ['batch', ...inputDims]);
    const outputs = build(g, input).map((value, i) => g.output(`output_${i}`, value));
    const session = await OrtSession.create(g.encode(), this.options);
    return {
      async run(x: Float32Data): Promise<Float32Data[]> {
        const result = await session.run({ input: x }, outputs);
        return outputs.map((output) => result[output]!);
      },
      release: () => session.release(),
    };
  }
}

/**
 * ONNX Runtime when its native binding loads and runs a graph on this machine, else undefined (with the reason),
 * for `runtime.engine: auto`.
 */
export async function probeOnnxRuntime(options: OrtSessionOptions = {}): Promise<{ runtime?: OnnxRuntime; reason?: string }> {
  try {
    const runtime = new OnnxRuntime(options);
    const graph = await runtime.compile((g, x) => g.node('Relu', [x]), [1], 'probe');
    const [out] = await graph.run({ data: Float32Array.of(-1), dims: [1, 1] });
    await graph.release();
    if (out?.data[0] !== 0) return { reason: 'a test graph gave a wrong result' };
    return { runtime };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}
