import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';
import type { GraphOutput } from './graph-ops';

/** A loaded backbone that maps preprocessed images to the requested layers' outputs. */
export interface Network {
  /** The side the model's input is fixed to, or undefined when it takes any size. */
  readonly fixedInputSize: number | undefined;
  /** The size the model was built for when it accepts others too (a fused chain of a 224² Keras model): the default. */
  readonly nativeInputSize?: number;
  /** How it runs when that changes the outputs' last bits (part of the feature-cache identity). */
  readonly implementation?: string;
  /** x: [N,S,S,3] in [0,1] (the network maps it to its own input range) → one output per requested layer, in order. */
  forward(x: tf.Tensor4D): tf.Tensor[];
  /**
   * forward() written into `g`: `input` NHWC in [0,1] at the network's input size → one output per requested layer,
   * in order, as forward() gives them. Absent where the network cannot be exported (throws GraphExportUnsupported
   * where only some configurations can).
   */
  exportGraph?(g: GraphBuilder, input: string): GraphOutput[];
  dispose(): void;
}

/** H (= W) of an NHWC input shape when both are fixed and equal; undefined when free. */
export function fixedSide(shape: ReadonlyArray<number | null | undefined>): number | undefined {
  const [, h, w] = shape;
  return typeof h === 'number' && h > 0 && h === w ? h : undefined;
}
