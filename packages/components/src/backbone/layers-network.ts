import * as tf from '@tensorflow/tfjs';
import { GraphBuilder, ModelSource, sourceIO, UserError } from '@anomaly-zoo/core';
import { exportToRange, GraphOutput } from './graph-ops';
import { FusedChain } from './fused-chain';
import { fixedSide, Network } from './network';
import { toRange } from './preprocess';
import { closestNames } from './suggest';

/**
 * A local LayersModel cut into one multi-output model, so one forward pass yields every requested layer. A
 * MobileNet-style conv/batch-norm/relu chain runs as fused ops with batch norm folded in (FusedChain), unless
 * ANOMALY_ZOO_FUSED=0, and then takes any input size; anything else runs layer by layer at the model's input size.
 */
export class LayersNetwork implements Network {
  /** Only the fused chain is exported; a model run layer by layer is not (it has no exportGraph then). */
  readonly exportGraph?: (g: GraphBuilder, input: string) => GraphOutput[];

  private constructor(
    private readonly run: { cut: tf.LayersModel; base: tf.LayersModel } | { chain: FusedChain },
    private readonly inputRange: [number, number],
    readonly fixedInputSize: number | undefined,
    readonly nativeInputSize: number | undefined,
  ) {
    if ('chain' in run) this.exportGraph = (g, input) => run.chain.exportGraph(g, exportToRange(g, input, inputRange));
  }

  get implementation(): 'layers' | 'fused' {
    return 'chain' in this.run ? 'fused' : 'layers';
  }

  static async load(source: ModelSource, layers: readonly string[], inputRange: [number, number]): Promise<LayersNetwork> {
    const dir = source.location;
    const base = await tf.loadLayersModel(sourceIO(source));
    try {
      const input = base.inputs[0];
      if (input === undefined || base.inputs.length !== 1 || input.shape.length !== 4) {
        throw new UserError(`${dir}: expected one NHWC image input, the model has inputs ${base.inputs.map((i) => `[${i.shape}]`).join(', ')}`);
      }
      const names = base.layers.map((l) => l.name);
      const outputs = layers.map((name) => {
        if (!names.includes(name)) {
          throw new UserError(`${dir}: no layer '${name}' in this LayersModel (${names.length} layers; close names: ${closestNames(name, names).join(', ')})`);
        }
        const output = base.getLayer(name).output;
        if (Array.isArray(output)) throw new UserError(`${dir}: layer '${name}' has several outputs; pick a single-output layer`);
        return output;
      });
      const fixed = fixedSide(input.shape);
      const chain = process.env.ANOMALY_ZOO_FUSED === '0' ? undefined : FusedChain.tryBuild(base, layers);
      if (chain) {
        base.dispose(); // the chain holds its own folded copies of the weights
        // Convolutions and global pooling take any input size: the Keras input shape binds the layer-by-layer
        // model only (a 448² input for small defects is then possible with the fused chain).
        return new LayersNetwork({ chain }, inputRange, undefined, fixed);
      }
      return new LayersNetwork({ cut: tf.model({ inputs: base.inputs, outputs }), base }, inputRange, fixed, fixed);
    } catch (error) {
      base.dispose();
      throw error;
    }
  }

  forward(x: tf.Tensor4D): tf.Tensor[] {
    const run = this.run;
    return tf.tidy(() => {
      const input = toRange(x, this.inputRange);
      if ('chain' in run) return run.chain.forward(input);
      const out = run.cut.predict(input, { batchSize: Math.max(1, x.shape[0]) });
      return Array.isArray(out) ? out : [out];
    });
  }

  dispose(): void {
    // The cut shares the base's layers and owns no weights of its own; disposing the base frees them all
    // (disposing both would dispose the shared layers twice, which tfjs rejects).
    if ('chain' in this.run) this.run.chain.dispose();
    else this.run.base.dispose();
  }
}
