/**
 * The vocabulary models use to describe their scoring as a dataflow graph, for export (ONNX) and native-speed
 * inference. It is ONNX's own: op types, attribute names and semantics of the default domain at opset
 * GRAPH_OPSET, so a graph written here means exactly what the ONNX operator docs say. Core holds only this
 * interface; @anomaly-zoo/onnx implements it and encodes the result, so model packages need no ONNX dependency.
 */
export const GRAPH_OPSET = 17;

/** An attribute value: ints and floats are told apart explicitly, because ONNX types them. */
export type GraphAttribute =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly floats: readonly number[] }
  | { readonly string: string };

export type GraphConstant =
  | { readonly float32: Float32Array; readonly dims: readonly number[] }
  | { readonly int64: readonly number[]; readonly dims: readonly number[] };

export interface GraphBuilder {
  /** A constant tensor (weights, statistics); returns its value name. `hint` makes names readable. */
  constant(value: GraphConstant, hint?: string): string;
  /** One node; returns the names of its `outputs` (default 1) outputs, fresh and unique. */
  node(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, GraphAttribute>>, outputs?: number): string[];
}

/**
 * What a model's graph computes from the image input (NHWC float32 in [0, 1] at the preprocessing size):
 * `score` [N] raw image scores as `score()` gives them, `map` [N, H, W] raw anomaly maps where the model makes maps.
 */
export interface GraphHeads {
  score: string;
  map?: string;
}

/** Thrown by an export for a model (or option) whose scoring cannot be written as a graph yet; names what is missing. */
export class GraphExportUnsupported extends Error {
  constructor(readonly missing: string) {
    super(`cannot be exported yet: ${missing}`);
    this.name = 'GraphExportUnsupported';
  }
}

/** A float32 tensor as plain data: row-major values and their dims. */
export interface Float32Data {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A graph compiled by a GraphRuntime: one float32 input in, the outputs `build` returned, in order. */
export interface CompiledGraph {
  run(input: Float32Data): Promise<Float32Data[]>;
  release(): Promise<void>;
}

/**
 * Runs graphs written with GraphBuilder natively (ONNX Runtime). The engine supplies one when `runtime.engine`
 * chooses it; models hand it to their frozen backbone, and without one everything runs on tfjs. Defined here, and
 * implemented in a Node-only package, so that browser-safe code never loads a native module.
 */
export interface GraphRuntime {
  /** What runs the graphs, as printed and recorded in metrics.json (e.g. 'onnxruntime'). */
  readonly name: string;
  /** A graph with one float32 input `input` of shape ['batch', ...inputDims] and the outputs `build` returns. */
  compile(build: (g: GraphBuilder, input: string) => string[], inputDims: readonly number[], name?: string): Promise<CompiledGraph>;
}
