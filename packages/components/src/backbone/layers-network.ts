import * as tf from '@tensorflow/tfjs';
import { directoryIO, UserError } from '@anomaly-zoo/core';
import { fixedSide, Network } from './network';
import { toRange } from './preprocess';
import { closestNames } from './suggest';

/** A local LayersModel cut into one multi-output model, so one forward pass yields every requested layer. */
export class LayersNetwork implements Network {
  private constructor(
    private readonly base: tf.LayersModel,
    private readonly cut: tf.LayersModel,
    private readonly inputRange: [number, number],
    readonly fixedInputSize: number | undefined,
  ) {}

  static async load(dir: string, layers: readonly string[], inputRange: [number, number]): Promise<LayersNetwork> {
    const base = await tf.loadLayersModel(directoryIO(dir));
    try {
      if (base.inputs.length !== 1 || base.inputs[0].shape.length !== 4) {
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
      const cut = tf.model({ inputs: base.inputs, outputs });
      return new LayersNetwork(base, cut, inputRange, fixedSide(base.inputs[0].shape));
    } catch (error) {
      base.dispose();
      throw error;
    }
  }

  forward(x: tf.Tensor4D): tf.Tensor[] {
    return tf.tidy(() => {
      const out = this.cut.predict(toRange(x, this.inputRange), { batchSize: Math.max(1, x.shape[0]) });
      return Array.isArray(out) ? out : [out];
    });
  }

  dispose(): void {
    // The cut shares the base's layers and owns no weights of its own; disposing the base frees them all
    // (disposing both would dispose the shared layers twice, which tfjs rejects).
    this.base.dispose();
  }
}
