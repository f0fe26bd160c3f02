import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { CompiledGraph, GraphBuilder, GraphExportUnsupported, GraphRuntime, hostValuesOf, UserError } from '@anomaly-zoo/core';
import { GraphNetwork } from './graph-network';
import { defaultModelCacheDir, ensureHubModel, HUB_EMBEDDING_NODES, HubModel, hubModel } from './hub';
import { LayersNetwork } from './layers-network';
import { MobilenetNetwork } from './mobilenet-network';
import { ModelDir, readModelDir, readModelSource } from './model-dir';
import { Network } from './network';
import { asMaps, AVERAGE_POOLING, exportPoolAndConcat, poolAndConcat, Pooling, poolingId } from './pooling';
import { exportResizeImages, resizeImages } from './preprocess';
import { BackboneRef, extractorId } from './reference';
import { BackboneSpec, checkSpec, LoadOptions } from './spec';

const DEFAULT_INPUT_SIZE = 224;
const DEFAULT_BATCH = 16;

/**
 * A pretrained CNN that turns images into features: pooled vectors (DFKDM) or spatial maps (PaDiM). The synchronous
 * methods run on tfjs (gradients can flow through them); the asynchronous ones run on the GraphRuntime given at load
 * (ONNX Runtime) when the network can be exported, else on tfjs too.
 */
export class FeatureExtractor {
  /** Compiled graphs by what they compute ('spatial', or 'pooled' + the pooling's identity), made on first use. */
  private readonly compiled = new Map<string, Promise<CompiledGraph>>();
  /** Stable identity for caches: the reference, and the engine when it is not tfjs (see extractorId). */
  readonly id: string;

  private constructor(
    private readonly network: Network,
    /** The network, as a fitted model records it (see BackboneRef). */
    readonly ref: BackboneRef,
    private readonly batchSize: number,
    /**
     * Where the asynchronous methods run the network: the runtime it was loaded with, when the network can be
     * exported to it; undefined: tfjs.
     */
    readonly runtime: GraphRuntime | undefined,
  ) {
    this.id = extractorId(ref, runtime?.name);
  }

  get layers(): readonly string[] {
    return this.ref.layers;
  }

  get inputSize(): number {
    return this.ref.inputSize;
  }

  get inputRange(): readonly [number, number] {
    return this.ref.inputRange;
  }

  /** What runs the asynchronous methods: the runtime's name (e.g. 'onnxruntime'), or 'tfjs'. */
  get engine(): string {
    return this.runtime?.name ?? 'tfjs';
  }

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
    const runtime = options.runtime && usableRuntime(network, options.runtime, options.log);
    const ref: BackboneRef = {
      source: spec.source,
      location,
      modelJsonSha256: modelDir.sha256,
      layers: [...spec.layers],
      inputSize,
      inputRange: [inputRange[0], inputRange[1]],
      ...(network.implementation === 'fused' ? { implementation: 'fused' as const } : {}),
    };
    return new FeatureExtractor(network, ref, batchSize, runtime);
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
      (parts) => this.layers.map((_, i) => tf.concat(parts.map((p) => p[i]!), 0)),
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

  /** pooled() on the load-time runtime; the caller owns the result. */
  async pooledAsync(x: tf.Tensor4D, pooling: Pooling = AVERAGE_POOLING): Promise<tf.Tensor2D> {
    if (!this.runtime) return this.pooled(x, pooling);
    const [pooled] = await this.runCompiled(`pooled${poolingId(pooling)}`, x, (g, input) => [this.exportPooled(g, input, this.inputSize, pooling)]);
    return pooled as tf.Tensor2D;
  }

  /** spatial() on the load-time runtime; the caller owns the maps. */
  async spatialAsync(x: tf.Tensor4D): Promise<tf.Tensor4D[]> {
    if (!this.runtime) return this.spatial(x);
    return (await this.runCompiled('spatial', x, (g, input) => this.exportSpatial(g, input, this.inputSize))) as tf.Tensor4D[];
  }

  /** withSpatial() on the load-time runtime. */
  async withSpatialAsync<T>(x: tf.Tensor4D, use: (maps: tf.Tensor4D[]) => T): Promise<T> {
    const maps = await this.spatialAsync(x);
    try {
      return use(maps);
    } finally {
      maps.forEach((m) => m.dispose());
    }
  }

  /**
   * spatial() written into `g`: `input` NHWC 3-channel images in [0,1] of side `side` → each requested layer's map
   * NHWC. Throws GraphExportUnsupported for a network that cannot be exported (a GraphModel, a non-chain LayersModel).
   */
  exportSpatial(g: GraphBuilder, input: string, side: number): string[] {
    return this.exportNetwork(g, input, side).map((output, i) => {
      if (output.rank !== 4) throw new UserError(`backbone.layers: '${this.layers[i]}' gives a rank-${output.rank} output, not a spatial map [N,H,W,C]`);
      return output.name;
    });
  }

  /** pooled() written into `g`, from `input` as for exportSpatial() → [N, ΣC]. */
  exportPooled(g: GraphBuilder, input: string, side: number, pooling: Pooling = AVERAGE_POOLING): string {
    return exportPoolAndConcat(g, this.exportNetwork(g, input, side), this.layers, pooling);
  }

  dispose(): void {
    this.network.dispose();
    const compiled = [...this.compiled.values()];
    this.compiled.clear();
    // Releasing native sessions is asynchronous; nothing waits on it and a failure only leaks until exit.
    for (const graph of compiled) void graph.then((c) => c.release()).catch(() => undefined);
  }

  private exportNetwork(g: GraphBuilder, input: string, side: number) {
    if (!this.network.exportGraph) {
      throw new GraphExportUnsupported(`the backbone ${this.network.constructor.name} (only a LayersModel that runs as a fused conv/batch-norm/relu chain is exported)`);
    }
    return this.network.exportGraph(g, exportResizeImages(g, input, side, this.inputSize));
  }

  /**
   * x resized to inputSize on tfjs, then run through the compiled graph `key` in slices of at most batchSize
   * images; each output's slices are joined along the batch axis.
   */
  private async runCompiled(key: string, x: tf.Tensor4D, build: (g: GraphBuilder, input: string) => string[]): Promise<tf.Tensor[]> {
    let graph = this.compiled.get(key);
    if (!graph) {
      graph = this.runtime!.compile(build, [this.inputSize, this.inputSize, 3], `backbone_${key.replace(/\W+/g, '_')}`);
      this.compiled.set(key, graph);
    }
    const compiled = await graph;
    const n = x.shape[0];
    const side = this.inputSize;
    const perImage = side * side * 3;
    // Images already as the graph takes them are read as they are, and sliced on the host: resizeImages would copy
    // them, and tf.slice on tfjs-wasm reads the whole batch out of the heap.
    const asTaken = x.dtype === 'float32' && x.shape[1] === side && x.shape[2] === side && x.shape[3] === 3;
    const whole = asTaken ? await hostValuesOf(x) : undefined;
    const parts: tf.Tensor[][] = [];
    try {
      for (let start = 0; start < n; start += this.batchSize) {
        const count = Math.min(this.batchSize, n - start);
        let pixels: Float32Array;
        if (whole) {
          pixels = whole.subarray(start * perImage, (start + count) * perImage);
        } else {
          const images = tf.tidy(() => resizeImages(count === n ? x : tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]), side));
          try {
            pixels = await hostValuesOf(images);
          } finally {
            images.dispose();
          }
        }
        const outputs = await compiled.run({ data: pixels, dims: [count, side, side, 3] });
        parts.push(outputs.map((o) => tf.tensor(o.data, [...o.dims])));
      }
      if (parts.length === 1) return parts[0]!;
      return parts[0]!.map((_, i) => tf.concat(parts.map((p) => p[i]!), 0));
    } finally {
      if (parts.length > 1) parts.forEach((p) => tf.dispose(p));
    }
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

/** The runtime when the network can be exported to it; else undefined, saying why the backbone stays on tfjs. */
function usableRuntime(network: Network, runtime: GraphRuntime, log?: (message: string) => void): GraphRuntime | undefined {
  if (network.exportGraph) return runtime;
  log?.(`backbone: a ${network.constructor.name} cannot run on ${runtime.name}; it runs on tfjs`);
  return undefined;
}
