import { onnx } from 'onnx-proto';
import { GRAPH_OPSET, GraphAttribute, GraphBuilder, GraphConstant } from '@anomaly-zoo/core';

/** A dimension of a declared input or output: a size, or a symbolic name such as 'batch'. */
export type GraphDim = number | string;

export type GraphElementType = 'float32' | 'int64';

/** ONNX's IR version that goes with opset 17 (ONNX 1.12). */
const IR_VERSION = 8;

const ELEMENT_TYPE: Record<GraphElementType, onnx.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

/** Value names ONNX Runtime accepts everywhere: letters, digits and underscores. */
function sanitise(hint: string): string {
  const cleaned = hint.replace(/[^A-Za-z0-9_]/g, '_');
  return cleaned.length > 0 ? cleaned : 'value';
}

function attributeProto(name: string, value: GraphAttribute): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, d) => product * d, 1);
}

/** raw_data is little-endian by the ONNX spec; typed arrays are in the platform's order, little-endian on x86/arm. */
function tensorProto(name: string, value: GraphConstant): onnx.ITensorProto {
  const dims = [...value.dims];
  if ('float32' in value) {
    if (value.float32.length !== elementCount(dims)) throw new Error(`constant ${name}: ${value.float32.length} values for dims [${dims}]`);
    const raw = new Uint8Array(value.float32.buffer, value.float32.byteOffset, value.float32.byteLength).slice();
    return { name, dims, dataType: ELEMENT_TYPE.float32, rawData: raw };
  }
  if (value.int64.length !== elementCount(dims)) throw new Error(`constant ${name}: ${value.int64.length} values for dims [${dims}]`);
  const raw = new Uint8Array(BigInt64Array.from(value.int64, (v) => BigInt(v)).buffer);
  return { name, dims, dataType: ELEMENT_TYPE.int64, rawData: raw };
}

/** `dims` undefined leaves the shape out (ONNX Runtime infers it). */
function valueInfo(name: string, dims: readonly GraphDim[] | undefined, type: GraphElementType): onnx.IValueInfoProto {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType: { elemType: ELEMENT_TYPE[type], ...(shape ? { shape } : {}) } } };
}

/**
 * A GraphBuilder that records an ONNX graph: declared inputs and outputs (symbolic dims allowed, e.g. a 'batch'
 * first dim), constants as initializers, nodes in insertion order (which is topological, since a node can only use
 * names that exist), and metadata properties. `encode()` gives the ModelProto bytes, opset GRAPH_OPSET.
 */
export class OnnxGraph implements GraphBuilder {
  private readonly used = new Set<string>();
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly metadataProps = new Map<string, string>();

  constructor(private readonly name = 'anomaly_zoo') {}

  /** Declares a graph input; returns its name (exactly `name`, which must be unused). */
  input(name: string, dims: readonly GraphDim[], type: GraphElementType = 'float32'): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, dims, type));
    return name;
  }

  /**
   * Declares `value` as a graph output called `name` (an Identity node renames it, so an input, a constant or a
   * value used elsewhere can be an output too). `dims` may leave sizes symbolic, or be left out.
   */
  output(name: string, value: string, dims?: readonly GraphDim[], type: GraphElementType = 'float32'): string {
    this.requireKnown(value);
    this.claim(name);
    this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `output_${name}` });
    this.outputs.push(valueInfo(name, dims, type));
    return name;
  }

  /** A metadata property of the model (preprocessing, model name, thresholds); a later value for a key replaces it. */
  metadata(key: string, value: string): void {
    this.metadataProps.set(key, value);
  }

  constant(value: GraphConstant, hint = 'const'): string {
    const name = this.fresh(hint);
    this.initializers.push(tensorProto(name, value));
    return name;
  }

  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, GraphAttribute>> = {}, outputs = 1): string[] {
    // '' is ONNX's "optional input left out".
    for (const input of inputs) if (input !== '') this.requireKnown(input);
    const names = Array.from({ length: outputs }, () => this.fresh(opType));
    this.nodes.push({
      opType,
      name: `${names[0]}_node`,
      input: [...inputs],
      output: names,
      attribute: Object.entries(attributes).map(([key, value]) => attributeProto(key, value)),
    });
    return names;
  }

  encode(): Uint8Array {
    if (this.outputs.length === 0) throw new Error(`graph ${this.name} declares no outputs`);
    const model: onnx.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: GRAPH_OPSET }],
      producerName: 'anomaly-zoo',
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: [...this.metadataProps].map(([key, value]) => ({ key, value })),
    };
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(hint: string): string {
    const base = sanitise(hint);
    let n = this.used.size;
    let name = `${base}_${n}`;
    while (this.used.has(name)) name = `${base}_${++n}`;
    this.used.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new Error(`graph ${this.name}: the name ${name} is already used`);
    this.used.add(name);
  }

  private requireKnown(name: string): void {
    if (!this.used.has(name)) throw new Error(`graph ${this.name}: no value named ${name}`);
  }
}
