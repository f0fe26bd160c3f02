import type * as tf from '@tensorflow/tfjs';
import { GraphBuilder, GraphExportUnsupported } from '@anomaly-zoo/core';
import { convKernelToOnnx, depthwiseKernelToOnnx } from '../backbone/graph-ops';
import { floats, int64s, op, reshape, scalar, toNchw, toNhwc } from './graph-ops';

/**
 * A tfjs LayersModel (sequential or functional, one input) written as ONNX nodes, layer by layer, for inference.
 *
 * tfjs images are NHWC; ONNX's Conv family is NCHW. Each value carries its layout and is transposed only where
 * a layer needs the other one (a chain of convs stays NCHW; Flatten, Reshape and Dense see NHWC, so element
 * order matches tfjs exactly). Weights are permuted once, here, into ONNX's layouts:
 *   Conv2D kernel [kh, kw, in, out]            → [out, in, kh, kw]
 *   Conv2DTranspose kernel [kh, kw, out, in]   → [in, out, kh, kw]
 *   DepthwiseConv2D kernel [kh, kw, in, mult]  → [in·mult, 1, kh, kw] (group = in; output channel c·mult + m as tfjs)
 */
export function exportLayersModel(g: GraphBuilder, model: tf.LayersModel, input: string): string[] {
  if (model.inputs.length !== 1) throw new GraphExportUnsupported(`a LayersModel with ${model.inputs.length} inputs`);
  const values = new Map<number, Value>([[(model.inputs[0] as tf.SymbolicTensor).id, { name: input, layout: 'nhwc' }]]);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    if (layer.inboundNodes.length !== 1) throw new GraphExportUnsupported(`tfjs layer '${layer.name}' applied ${layer.inboundNodes.length} times`);
    const node = layer.inboundNodes[0]!;
    const inputs = node.inputTensors.map((t) => {
      const value = values.get(t.id);
      if (!value) throw new Error(`exportLayersModel: layer '${layer.name}' reads a tensor no earlier layer made`);
      return value;
    });
    if (inputs.length !== 1 || node.outputTensors.length !== 1) throw new GraphExportUnsupported(`tfjs layer '${layer.name}' with several inputs or outputs`);
    values.set((node.outputTensors[0] as tf.SymbolicTensor).id, convertLayer(g, layer, inputs[0]!));
  }
  return model.outputs.map((t) => {
    const value = values.get(t.id);
    if (!value) throw new Error(`exportLayersModel: no layer makes the output ${t.name}`);
    return as(g, value, 'nhwc');
  });
}

type Layout = 'nhwc' | 'nchw';

/** A value of the graph; `layout` says how a rank-4 value is laid out (other ranks are always 'nhwc', i.e. as tfjs). */
interface Value {
  name: string;
  layout: Layout;
}

function as(g: GraphBuilder, value: Value, layout: Layout): string {
  if (value.layout === layout) return value.name;
  return layout === 'nchw' ? toNchw(g, value.name) : toNhwc(g, value.name);
}

type Config = Record<string, unknown>;

function convertLayer(g: GraphBuilder, layer: tf.layers.Layer, x: Value): Value {
  const config = layer.getConfig() as Config;
  const kind = layer.getClassName();
  switch (kind) {
    case 'Conv2D':
      return activation(g, conv(g, layer, config, x, 'Conv'), config, kind);
    case 'Conv2DTranspose':
      return activation(g, conv(g, layer, config, x, 'ConvTranspose'), config, kind);
    case 'DepthwiseConv2D':
      return activation(g, conv(g, layer, config, x, 'Depthwise'), config, kind);
    case 'Dense':
      return activation(g, dense(g, layer, config, x), config, kind);
    case 'Activation':
      return activation(g, x, config, kind);
    case 'ReLU': {
      if (config.maxValue === null || config.maxValue === undefined) return { name: op(g, 'Relu', [x.name]), layout: x.layout };
      return { name: op(g, 'Clip', [x.name, scalar(g, 0), scalar(g, config.maxValue as number)]), layout: x.layout };
    }
    case 'Flatten':
      return { name: op(g, 'Flatten', [as(g, x, 'nhwc')], { axis: { int: 1 } }), layout: 'nhwc' };
    case 'Reshape':
      return { name: reshape(g, as(g, x, 'nhwc'), [-1, ...(config.targetShape as number[])]), layout: 'nhwc' };
    case 'BatchNormalization':
      return batchNorm(g, layer, config, x);
    case 'UpSampling2D':
      return upSampling(g, config, x);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pooling(g, layer, config, x, kind === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool');
    case 'ZeroPadding2D': {
      const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
      const pads = int64s(g, [0, 0, top, left, 0, 0, bottom, right], 'pads');
      return { name: op(g, 'Pad', [as(g, x, 'nchw'), pads], { mode: { string: 'constant' } }), layout: 'nchw' };
    }
    case 'Dropout':
    case 'SpatialDropout1D':
    case 'GaussianNoise':
    case 'GaussianDropout':
      return x; // identity at inference
    default:
      throw new GraphExportUnsupported(`tfjs layer ${kind} ('${layer.name}')`);
  }
}

function weightsOf(layer: tf.layers.Layer): { data: Float32Array; shape: number[] }[] {
  return layer.getWeights().map((w) => ({ data: w.dataSync() as Float32Array, shape: [...w.shape] }));
}

function activation(g: GraphBuilder, x: Value, config: Config, kind: string): Value {
  const name = (config.activation as string | undefined) ?? 'linear';
  const unary: Record<string, string> = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', elu: 'Elu', softplus: 'Softplus', selu: 'Selu', softsign: 'Softsign' };
  if (name === 'linear') return x;
  if (unary[name]) return { name: op(g, unary[name], [x.name]), layout: x.layout };
  if (name === 'relu6') return { name: op(g, 'Clip', [x.name, scalar(g, 0), scalar(g, 6)]), layout: x.layout };
  if (name === 'swish') return { name: op(g, 'Mul', [x.name, op(g, 'Sigmoid', [x.name])]), layout: x.layout };
  throw new GraphExportUnsupported(`activation '${name}' of a tfjs ${kind} layer`);
}

/** Same padding as tfjs (and TensorFlow) pads a forward convolution: the odd pixel goes at the end. */
function samePads(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + effective - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

function pairOf(value: unknown): [number, number] {
  return Array.isArray(value) ? [value[0] as number, value[1] as number] : [value as number, value as number];
}

function conv(g: GraphBuilder, layer: tf.layers.Layer, config: Config, x: Value, kind: 'Conv' | 'ConvTranspose' | 'Depthwise'): Value {
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw new GraphExportUnsupported(`dataFormat ${String(config.dataFormat)} of '${layer.name}'`);
  const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor | undefined];
  const [kh, kw, kernelIn] = kernel.shape;
  const strides = pairOf(config.strides);
  const dilations = pairOf(config.dilationRate ?? 1);
  const inShape = layer.inboundNodes[0]!.inputTensors[0]!.shape as number[];
  const outShape = layer.inboundNodes[0]!.outputTensors[0]!.shape as number[];
  const [inH, inW] = [inShape[1] as number, inShape[2] as number];
  // A transposed conv's kernel [kh, kw, out, in] goes to ONNX's [in, out, kh, kw]: the same permutation as a conv's.
  const weight = kind === 'Depthwise' ? depthwiseKernelToOnnx(g, kernel, layer.name) : convKernelToOnnx(g, kernel, layer.name);
  const group = kind === 'Depthwise' ? kernelIn : 1;
  const inputs = [as(g, x, 'nchw'), weight];
  if (bias) inputs.push(floats(g, bias.dataSync(), bias.shape, `${layer.name}_bias`));
  const padding = config.padding as 'same' | 'valid';
  const attributes: Record<string, { ints: number[] } | { int: number }> = {
    kernel_shape: { ints: [kh, kw] },
    strides: { ints: strides },
    dilations: { ints: dilations },
    group: { int: group },
  };
  if (kind === 'ConvTranspose') {
    // tfjs takes the transposed conv as the gradient of the forward conv from the output size: its pads are
    // that forward conv's, and the output size is the layer's; output_padding makes up the difference.
    const [outH, outW] = [outShape[1] as number, outShape[2] as number];
    const [top, bottom] = padding === 'same' ? samePads(outH, kh, strides[0], dilations[0]) : [0, 0];
    const [left, right] = padding === 'same' ? samePads(outW, kw, strides[1], dilations[1]) : [0, 0];
    const natural = (size: number, s: number, k: number, d: number, pads: number) => s * (size - 1) + (k - 1) * d + 1 - pads;
    attributes.pads = { ints: [top, left, bottom, right] };
    attributes.output_padding = { ints: [outH - natural(inH, strides[0], kh, dilations[0], top + bottom), outW - natural(inW, strides[1], kw, dilations[1], left + right)] };
  } else {
    const [top, bottom] = padding === 'same' ? samePads(inH, kh, strides[0], dilations[0]) : [0, 0];
    const [left, right] = padding === 'same' ? samePads(inW, kw, strides[1], dilations[1]) : [0, 0];
    attributes.pads = { ints: [top, left, bottom, right] };
  }
  return { name: op(g, kind === 'Depthwise' ? 'Conv' : kind, inputs, attributes), layout: 'nchw' };
}

function dense(g: GraphBuilder, layer: tf.layers.Layer, config: Config, x: Value): Value {
  const [kernel, bias] = weightsOf(layer);
  let y = op(g, 'MatMul', [as(g, x, 'nhwc'), floats(g, kernel!.data, kernel!.shape, `${layer.name}_kernel`)]);
  if (bias && config.useBias !== false) y = op(g, 'Add', [y, floats(g, bias.data, bias.shape, `${layer.name}_bias`)]);
  return { name: y, layout: 'nhwc' };
}

/** Inference batch norm as one scale and shift per channel: γ·(x − μ)/√(σ² + ε) + β = a·x + b. */
function batchNorm(g: GraphBuilder, layer: tf.layers.Layer, config: Config, x: Value): Value {
  const axis = config.axis as number;
  const rank = (layer.inboundNodes[0]!.inputTensors[0]!.shape as number[]).length;
  if (axis !== -1 && axis !== rank - 1) throw new GraphExportUnsupported(`BatchNormalization over axis ${axis} ('${layer.name}')`);
  const byName = new Map(layer.weights.map((w, i) => [w.originalName.split('/').pop() as string, layer.getWeights()[i]!.dataSync() as Float32Array]));
  const mean = byName.get('moving_mean') as Float32Array;
  const variance = byName.get('moving_variance') as Float32Array;
  const gamma = byName.get('gamma');
  const beta = byName.get('beta');
  const epsilon = config.epsilon as number;
  const channels = mean.length;
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const scale = (gamma ? (gamma[c] as number) : 1) / Math.sqrt((variance[c] as number) + epsilon);
    a[c] = scale;
    b[c] = (beta ? (beta[c] as number) : 0) - (mean[c] as number) * scale;
  }
  const dims = rank === 4 && x.layout === 'nchw' ? [channels, 1, 1] : [channels];
  const scaled = op(g, 'Mul', [x.name, floats(g, a, dims, `${layer.name}_scale`)]);
  return { name: op(g, 'Add', [scaled, floats(g, b, dims, `${layer.name}_shift`)]), layout: x.layout };
}

function upSampling(g: GraphBuilder, config: Config, x: Value): Value {
  const [sh, sw] = pairOf(config.size);
  if ((config.interpolation ?? 'nearest') !== 'nearest') throw new GraphExportUnsupported(`UpSampling2D interpolation ${String(config.interpolation)}`);
  // Integer nearest upsampling: output pixel i reads input floor(i / s), which is Resize's asymmetric/floor mode.
  const scales = floats(g, [1, 1, sh, sw], [4], 'scales');
  const name = op(g, 'Resize', [as(g, x, 'nchw'), '', scales], {
    mode: { string: 'nearest' },
    coordinate_transformation_mode: { string: 'asymmetric' },
    nearest_mode: { string: 'floor' },
  });
  return { name, layout: 'nchw' };
}

function pooling(g: GraphBuilder, layer: tf.layers.Layer, config: Config, x: Value, kind: 'MaxPool' | 'AveragePool'): Value {
  const [kh, kw] = pairOf(config.poolSize);
  const strides = pairOf(config.strides ?? config.poolSize);
  const inShape = layer.inboundNodes[0]!.inputTensors[0]!.shape as number[];
  const same = config.padding === 'same';
  const [top, bottom] = same ? samePads(inShape[1] as number, kh, strides[0], 1) : [0, 0];
  const [left, right] = same ? samePads(inShape[2] as number, kw, strides[1], 1) : [0, 0];
  // tfjs averages a window cut by the border over the pixels inside it: count_include_pad 0, ONNX's default.
  const name = op(g, kind, [as(g, x, 'nchw')], { kernel_shape: { ints: [kh, kw] }, strides: { ints: strides }, pads: { ints: [top, left, bottom, right] } });
  return { name, layout: 'nchw' };
}

