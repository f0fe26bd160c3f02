import * as os from 'os';
import * as ort from 'onnxruntime-node';
import type { Float32Data } from '@anomaly-zoo/core';

export interface OrtSessionOptions {
  /** Intra-op threads; default os.availableParallelism(), the cores this process may use. */
  threads?: number;
}

/**
 * A thin wrapper over onnxruntime-node's InferenceSession (CPU): sized to the machine's cores, sequential execution
 * (one graph at a time, all threads inside each op), full graph optimisation, and float32 in, float32 out.
 */
export class OrtSession {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** `model`: the ModelProto bytes (e.g. OnnxGraph.encode()) or a path to a .onnx file. */
  static async create(model: Uint8Array | string, options: OrtSessionOptions = {}): Promise<OrtSession> {
    const threads = options.threads ?? os.availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`ONNX Runtime threads must be a positive integer, got ${threads}`);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
    };
    const session = typeof model === 'string'
      ? await ort.InferenceSession.create(model, sessionOptions)
      : await ort.InferenceSession.create(model, sessionOptions);
    return new OrtSession(session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph on float32 inputs by name; returns the requested (default: all) outputs as float32 data. */
  async run(inputs: Readonly<Record<string, Float32Data>>, outputs: readonly string[] = this.outputNames): Promise<Record<string, Float32Data>> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, value] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', value.data, value.dims);
    const results = await this.session.run(feeds, [...outputs]);
    const out: Record<string, Float32Data> = {};
    for (const name of outputs) {
      const tensor = results[name]!;
      if (tensor.type !== 'float32') throw new Error(`ONNX output ${name} is ${tensor.type}, not float32`);
      out[name] = { data: tensor.data as Float32Array, dims: [...tensor.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
