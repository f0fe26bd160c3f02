import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { convKernelToOnnx, depthwiseKernelToOnnx, GraphOutput, nchwToNhwc, nhwcToNchw, relu6 } from './graph-ops';

type Activation = 'linear' | 'relu' | 'relu6';

interface ConvStep {
  kind: 'conv' | 'depthwise';
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D;
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
  /** The layer whose output this step reproduces (the activation's, or the conv's own when none follows). */
  output: string;
}

interface PoolStep {
  kind: 'global-average';
  output: string;
}

type Step = ConvStep | PoolStep;

/** The Keras layer classes a fused chain understands; anything else ends the chain. */
const CONV = new Set(['Conv2D', 'DepthwiseConv2D']);

function activationOf(layer: tf.layers.Layer): Activation | undefined {
  const config = layer.getConfig() as Record<string, unknown>;
  if (layer.getClassName() === 'Activation') {
    const name = config.activation;
    return name === 'relu6' || name === 'relu' || name === 'linear' ? name : undefined;
  }
  if (layer.getClassName() === 'ReLU') {
    const max = config.maxValue ?? config.max_value;
    const slope = config.negativeSlope ?? config.negative_slope ?? 0;
    const threshold = config.threshold ?? 0;
    if (slope !== 0 || threshold !== 0) return undefined;
    return max === 6 ? 'relu6' : max === undefined || max === null ? 'relu' : undefined;
  }
  return undefined;
}

function onlyInbound(layer: tf.layers.Layer): tf.layers.Layer | undefined {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
  return nodes.length === 1 && nodes[0]!.inboundLayers.length === 1 ? nodes[0]!.inboundLayers[0] : undefined;
}

/** Folds batch norm (y = γ(x − μ)/√(σ² + ε) + β) into the preceding conv's kernel and bias. */
function foldBatchNorm(step: ConvStep, bn: tf.layers.Layer): ConvStep | undefined {
  const config = bn.getConfig() as { epsilon: number; center: boolean; scale: boolean; axis: number | number[] };
  const axis = Array.isArray(config.axis) ? config.axis : [config.axis];
  if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 3)) return undefined;
  const weights = bn.getWeights();
  let i = 0;
  const gamma = config.scale ? weights[i++] : undefined;
  const beta = config.center ? weights[i++] : undefined;
  const [mean, variance] = [weights[i++], weights[i++]];
  if (!mean || !variance) return undefined;
  return tf.tidy(() => {
    const inv = tf.rsqrt(tf.add(variance, config.epsilon));
    const scale = (gamma ? tf.mul(gamma, inv) : inv) as tf.Tensor1D;
    // Conv2D kernels are [kh, kw, in, out] (scale per out); depthwise [kh, kw, in, multiplier] (per in × multiplier).
    const [, , inChannels, last] = step.kernel.shape;
    const kernel = step.kind === 'conv' ? tf.mul(step.kernel, scale) : tf.mul(step.kernel, tf.reshape(scale, [1, 1, inChannels, last]));
    const shifted = tf.mul(tf.sub(step.bias, mean), scale);
    const bias = beta ? tf.add(shifted, beta) : shifted;
    return { ...step, kernel: tf.keep(kernel as tf.Tensor4D), bias: tf.keep(bias as tf.Tensor1D), output: bn.name };
  });
}

function startConv(layer: tf.layers.Layer): ConvStep | undefined {
  const config = layer.getConfig() as Record<string, unknown>;
  const dilation = config.dilationRate ?? config.dilation_rate ?? [1, 1];
  const format = config.dataFormat ?? config.data_format ?? 'channelsLast';
  if (!(Array.isArray(dilation) ? dilation.every((d) => d === 1) : dilation === 1)) return undefined;
  if (format !== 'channelsLast' && format !== 'channels_last') return undefined;
  if ((config.activation ?? 'linear') !== 'linear') return undefined;
  const pad = config.padding;
  if (pad !== 'same' && pad !== 'valid') return undefined;
  const [kernel, bias] = layer.getWeights();
  const kind = layer.getClassName() === 'Conv2D' ? 'conv' : 'depthwise';
  const channels = kind === 'conv' ? kernel!.shape[3]! : kernel!.shape[2]! * kernel!.shape[3]!;
  const strides = config.strides as [number, number];
  return {
    kind, strides, pad, activation: 'linear', output: layer.name,
    kernel: tf.clone(kernel as tf.Tensor4D), bias: bias ? (tf.clone(bias) as tf.Tensor1D) : tf.zeros([channels]),
  };
}

function disposeSteps(steps: readonly Step[]): void {
  for (const step of steps) if (step.kind !== 'global-average') tf.dispose([step.kernel, step.bias]);
}

/**
 * A MobileNet-style chain (conv or depthwise conv → batch norm → relu/relu6, repeated, then global average pooling)
 * read out of a LayersModel as fused ops with batch norm folded into the weights: one kernel per block instead of
 * four, about 4× faster than running the layers one by one on wasm. Outputs equal the layers' to float rounding.
 */
export class FusedChain {
  private constructor(private readonly steps: Step[], private readonly outputs: readonly string[]) {}

  /** The fused chain up to the last requested layer, or undefined when the model is not such a chain. */
  static tryBuild(model: tf.LayersModel, requested: readonly string[]): FusedChain | undefined {
    const wanted = new Set(requested);
    const steps: Step[] = [];
    const produced = new Set<string>();
    let previous: tf.layers.Layer | undefined = model.inputLayers[0];
    let pending: ConvStep | undefined;
    const close = (): void => {
      if (!pending) return;
      steps.push(pending);
      produced.add(pending.output);
      pending = undefined;
    };
    const fail = (): undefined => {
      if (pending) disposeSteps([pending]);
      disposeSteps(steps);
      return undefined;
    };
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      // A requested output ends its block: whatever follows runs as later steps.
      if (pending && wanted.has(pending.output)) close();
      if ([...wanted].every((name) => produced.has(name))) break;
      if (onlyInbound(layer) !== previous) return fail();
      previous = layer;
      const className = layer.getClassName();
      if (CONV.has(className)) {
        close();
        pending = startConv(layer);
        if (!pending) return fail();
      } else if (className === 'BatchNormalization' && pending && pending.activation === 'linear') {
        if (wanted.has(pending.output)) return fail(); // an output inside a block is asked for: not fusable
        const folded = foldBatchNorm(pending, layer);
        if (!folded) return fail();
        tf.dispose([pending.kernel, pending.bias]);
        pending = folded;
      } else if (activationOf(layer) && pending) {
        if (wanted.has(pending.output)) return fail();
        pending = { ...pending, activation: activationOf(layer)!, output: layer.name };
        close();
      } else if (className === 'GlobalAveragePooling2D' && !(layer.getConfig() as { keepdims?: boolean }).keepdims) {
        close();
        steps.push({ kind: 'global-average', output: layer.name });
        produced.add(layer.name);
      } else {
        return fail();
      }
    }
    close();
    if (!requested.every((name) => produced.has(name))) return fail();
    return new FusedChain(steps, requested);
  }

  /** x: the network's input (already in its value range) → the requested layers' outputs, in order. */
  forward(x: tf.Tensor4D): tf.Tensor[] {
    return tf.tidy(() => {
      const found = new Map<string, tf.Tensor>();
      let h: tf.Tensor = x;
      for (const step of this.steps) {
        if (step.kind === 'global-average') {
          h = tf.mean(h, [1, 2]);
        } else {
          const args = { x: h as tf.Tensor4D, filter: step.kernel, strides: step.strides, pad: step.pad, bias: step.bias, activation: step.activation };
          h = step.kind === 'conv' ? tf.fused.conv2d(args) : tf.fused.depthwiseConv2d(args);
        }
        found.set(step.output, h);
      }
      return this.outputs.map((name) => found.get(name)!);
    });
  }

  /**
   * The same chain written into `g`: `input` NHWC (already in the network's value range, any size) → the requested
   * layers' outputs, NHWC maps or [N,C] vectors exactly as forward() gives them. It runs NCHW inside (ONNX's Conv
   * layout): one Transpose in, one out per requested map. 'same' is auto_pad SAME_UPPER, which pads like TensorFlow:
   * total = max((⌈in/s⌉ − 1)·s + k − in, 0), ⌊total/2⌋ before and the rest after (more after for stride 2).
   */
  exportGraph(g: GraphBuilder, input: string): GraphOutput[] {
    const found = new Map<string, GraphOutput>();
    let h = nhwcToNchw(g, input);
    let rank = 4;
    for (const step of this.steps) {
      if (step.kind === 'global-average') {
        [h] = g.node('ReduceMean', [h], { axes: { ints: [2, 3] }, keepdims: { int: 0 } }) as [string];
        rank = 2;
        found.set(step.output, { name: h, rank });
        continue;
      }
      const [kh, kw, inChannels] = step.kernel.shape;
      const weight = step.kind === 'conv' ? convKernelToOnnx(g, step.kernel, step.output) : depthwiseKernelToOnnx(g, step.kernel, step.output);
      const bias = g.constant({ float32: step.bias.dataSync() as Float32Array, dims: step.bias.shape }, `${step.output}_bias`);
      [h] = g.node('Conv', [h, weight, bias], {
        kernel_shape: { ints: [kh, kw] },
        strides: { ints: step.strides },
        group: { int: step.kind === 'conv' ? 1 : inChannels },
        auto_pad: { string: step.pad === 'same' ? 'SAME_UPPER' : 'VALID' },
      }) as [string];
      if (step.activation === 'relu') [h] = g.node('Relu', [h]) as [string];
      if (step.activation === 'relu6') h = relu6(g, h);
      found.set(step.output, { name: h, rank });
    }
    return this.outputs.map((name) => {
      const out = found.get(name)!;
      return out.rank === 4 ? { name: nchwToNhwc(g, out.name), rank: 4 } : out;
    });
  }

  dispose(): void {
    disposeSteps(this.steps);
  }
}
