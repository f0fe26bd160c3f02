import * as tf from '@tensorflow/tfjs';
import { sourceIO, UserError } from '@anomaly-zoo/core';
import { graphNodeNames, ModelDir } from './model-dir';
import { fixedSide, Network } from './network';
import { toRange } from './preprocess';
import { closestNames } from './suggest';

/** A GraphModel run synchronously to the requested nodes (`name` or `name:k`). */
export class GraphNetwork implements Network {
  private constructor(
    private readonly model: tf.GraphModel,
    private readonly nodes: string[],
    private readonly inputRange: [number, number],
    readonly fixedInputSize: number | undefined,
  ) {}

  static async load(modelDir: ModelDir, nodes: readonly string[], inputRange: [number, number]): Promise<GraphNetwork> {
    const known = graphNodeNames(modelDir.json);
    for (const node of nodes) {
      if (!known.includes(node.replace(/:\d+$/, ''))) {
        throw new UserError(`${modelDir.dir}: no node '${node}' in this GraphModel (${known.length} nodes; close names: ${closestNames(node, known).join(', ')})`);
      }
    }
    const model = await tf.loadGraphModel(sourceIO(modelDir.source));
    const inputs = model.inputs;
    const input = inputs[0];
    if (input === undefined || inputs.length !== 1 || (input.shape !== undefined && input.shape.length !== 4)) {
      model.dispose();
      throw new UserError(`${modelDir.dir}: expected one NHWC image input, the graph has ${inputs.map((i) => `${i.name} [${i.shape}]`).join(', ')}`);
    }
    return new GraphNetwork(model, [...nodes], inputRange, fixedSide(input.shape ?? []));
  }

  forward(x: tf.Tensor4D): tf.Tensor[] {
    return tf.tidy(() => {
      const out = this.model.execute(toRange(x, this.inputRange), this.nodes);
      return Array.isArray(out) ? out : [out];
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
