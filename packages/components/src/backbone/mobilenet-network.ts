import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import { directoryIO } from '@anomaly-zoo/core';
import { Network } from './network';

/**
 * The hub embedding through `@tensorflow-models/mobilenet` itself (`infer(img, true)`), with the published model read
 * from a local directory. Output as the graph node gives it, [N,1,1,C].
 */
export class MobilenetNetwork implements Network {
  readonly fixedInputSize = 224;

  private constructor(private readonly net: mobilenet.MobileNet) {}

  static async load(dir: string, version: 1 | 2, alpha: number, inputRange: [number, number]): Promise<MobilenetNetwork> {
    const net = await mobilenet.load({
      version,
      alpha: alpha as mobilenet.MobileNetAlpha,
      modelUrl: directoryIO(dir),
      inputRange,
    });
    return new MobilenetNetwork(net);
  }

  forward(x: tf.Tensor4D): tf.Tensor[] {
    return tf.tidy(() => {
      // infer() takes [0,255] pixels and maps them to the inputRange given at load.
      const embedding = this.net.infer(tf.mul(x, 255), true);
      return [tf.reshape(embedding, [x.shape[0], 1, 1, -1])];
    });
  }

  dispose(): void {
    (this.net as unknown as { model?: tf.GraphModel }).model?.dispose();
  }
}
