import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { GraphNetwork } from './graph-network';
import { defaultModelCacheDir, ensureHubModel, HUB_EMBEDDING_NODES, HubModel, hubModel } from './hub';
import { LayersNetwork } from './layers-network';
import { MobilenetNetwork } from './mobilenet-network';
import { ModelDir, readModelDir, readModelSource } from './model-dir';
import { Network } from './network';
import { asMaps, AVERAGE_POOLING, poolAndConcat, Pooling } from './pooling';
import { resizeImages } from './preprocess';
import { BackboneSpec, checkSpec, LoadOptions } from './spec';

const DEFAULT_INPUT_SIZE = 224;
const DEFAULT_BATCH = 16;

/** A pretrained CNN that turns images into features: pooled vectors (DFKDM) or spatial maps (PaDiM). */
export class FeatureExtractor {
  private constructor(
    private readonly network: Network,
    /** Stable identity for caches: source, location, sha256 of model.json, layers, input size and range. */
    readonly id: string,
    readonly layers: readonly string[],
    readonly inputSize: number,
    readonly inputRange: readonly [number, number],
    private readonly batchSize: number,
  ) {}

  static async load(spec: BackboneSpec, options: LoadOptions = {}): Promise<FeatureExtractor> {
    checkSpec(spec);
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`backbone: batchSize must be a positive integer, got ${batchSize}`);

    let location: string;
    let dir: string;
    let hub: HubModel | undefined;
    let modelDir: ModelDir;
    if (spec.source === 'local' && options.models) {
      // Only the folder's name: where it was on the machine that fitted the model means nothing here.
      const folder = (spec.path as string).split(/[\\/]/).filter(Boolean).pop() as string;
      modelDir = await readModelSource(options.models.child(folder));
      dir = location = modelDir.dir;
    } else if (spec.source === 'local') {
      dir = path.resolve(spec.path as string);
      if (!fs.existsSync(dir)) throw new UserError(`backbone.path: ${dir} does not exist (pretrained models live in ../shared/models or $ANOMALY_ZOO_MODELS)`);
      location = dir;
      modelDir = readModelDir(dir);
    } else {
      hub = hubModel(spec.version ?? 1, spec.alpha ?? 1.0);
      const cacheDir = path.resolve(spec.cacheDir ?? options.cacheDir ?? defaultModelCacheDir());
      dir = await ensureHubModel(hub, { cacheDir, hubUrl: options.hubUrl, timeoutMs: options.downloadTimeoutMs, log: options.log });
      location = hub.url;
      modelDir = readModelDir(dir);
    }
    if (hub && modelDir.format !== 'graph') throw new UserError(`${dir}: the cached hub model is not a GraphModel; delete the folder to download it again`);
    const inputRange = spec.inputRange ?? (modelDir.format === 'layers' ? [-1, 1] : [0, 1]);

    let network: Network;
    if (hub && spec.layers.length === 1 && spec.layers[0] === HUB_EMBEDDING_NODES[hub.version]) {
      network = await MobilenetNetwork.load(dir, hub.version, hub.alpha, inputRange);
    } else if (modelDir.format === 'graph') {
      network = await GraphNetwork.load(modelDir, spec.layers, inputRange);
    } else {
      network = await LayersNetwork.load(modelDir.source, spec.layers, inputRange);
    }

    const inputSize = spec.inputSize ?? network.fixedInputSize ?? network.nativeInputSize ?? DEFAULT_INPUT_SIZE;
    if (network.fixedInputSize !== undefined && inputSize !== network.fixedInputSize) {
      network.dispose();
      throw new UserError(`backbone.inputSize: ${inputSize}, but the model in ${dir} takes ${network.fixedInputSize}×${network.fixedInputSize} inputs only`);
    }
    const id = JSON.stringify({
      backbone: 1,
      source: spec.source,
      location,
      modelJsonSha256: modelDir.sha256,
      layers: spec.layers,
      inputSize,
      inputRange,
      ...(network.implementation === 'fused' ? { implementation: 'fused' } : {}),
    });
    return new FeatureExtractor(network, id, [...spec.layers], inputSize, inputRange, batchSize);
  }

  /**
   * x: NHWC in [0,1], any size, 1 or 3 channels → [N, ΣC]: each requested layer globally pooled (average by default,
   * see `Pooling`; taken as is when already a vector), concatenated along the feature axis in the order of `layers`.
   */
  pooled(x: tf.Tensor4D, pooling: Pooling = AVERAGE_POOLING): tf.Tensor2D {
    return this.inBatches(x, (outputs) => poolAndConcat(outputs, this.layers, pooling), (parts) => tf.concat(parts, 0));
  }

  /** x as for pooled() → each requested layer's output map [N,H,W,C], in the order of `layers`. */
  spatial(x: tf.Tensor4D): tf.Tensor4D[] {
    return this.inBatches(
      x,
      (outputs) => asMaps(outputs, this.layers),
      (parts) => this.layers.map((_, i) => tf.concat(parts.map((p) => p[i]), 0)),
    );
  }

  /** `use` applied to spatial(x); the maps are disposed afterwards, whatever `use` does. */
  withSpatial<T>(x: tf.Tensor4D, use: (maps: tf.Tensor4D[]) => T): T {
    const maps = this.spatial(x);
    try {
      return use(maps);
    } finally {
      maps.forEach((m) => m.dispose());
    }
  }

  dispose(): void {
    this.network.dispose();
  }

  /** Runs the network on slices of at most batchSize images; `combine` joins the per-slice results. */
  private inBatches<T extends tf.TensorContainer>(x: tf.Tensor4D, take: (outputs: tf.Tensor[]) => T, combine: (parts: T[]) => T): T {
    const n = x.shape[0];
    const run = (images: tf.Tensor4D): T => tf.tidy(() => take(this.network.forward(resizeImages(images, this.inputSize))));
    if (n <= this.batchSize) return run(x);
    return tf.tidy(() => {
      const parts: T[] = [];
      for (let start = 0; start < n; start += this.batchSize) {
        parts.push(run(tf.slice(x, [start, 0, 0, 0], [Math.min(this.batchSize, n - start), -1, -1, -1])));
      }
      return combine(parts);
    });
  }
}
