import * as tf from '@tensorflow/tfjs';

/** A loaded backbone that maps preprocessed images to the requested layers' outputs. */
export interface Network {
  /** The side the model's input is fixed to, or undefined when it takes any size. */
  readonly fixedInputSize: number | undefined;
  /** The side the model was built for, where it takes other sizes too: the input size when the spec gives none. */
  readonly builtInputSize?: number;
  /** How it runs when that changes the outputs' last bits (part of the feature-cache identity). */
  readonly implementation?: string;
  /** x: [N,S,S,3] in [0,1] (the network maps it to its own input range) → one output per requested layer, in order. */
  forward(x: tf.Tensor4D): tf.Tensor[];
  dispose(): void;
}

/** H (= W) of an NHWC input shape when both are fixed and equal; undefined when free. */
export function fixedSide(shape: ReadonlyArray<number | null | undefined>): number | undefined {
  const [, h, w] = shape;
  return typeof h === 'number' && h > 0 && h === w ? h : undefined;
}
