import * as tf from '@tensorflow/tfjs';
import { AnomalyModel, GraphExportUnsupported, Preprocessing, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { exportRawScoringGraph, OrtSession, SCORING_INPUT, SCORING_OUTPUTS } from '@anomaly-zoo/onnx';
import { splitPerImage } from '@anomaly-zoo/components';
import type { Scorer } from './scoring';

/**
 * A fitted model whose scoring runs in ONNX Runtime: its graph is exported in memory once and scored there, native
 * speed, for every model alike. Reconstructions (only the report's visualisations ask for them) come from the tfjs
 * model it wraps, which stays the caller's (saving, disposal).
 */
export class OrtScoredModel implements Scorer {
  private constructor(
    readonly tfjs: AnomalyModel,
    private readonly session: OrtSession,
    private readonly hasMap: boolean,
  ) {}

  static async create(model: AnomalyModel, name: string, preprocessing: Preprocessing, threads?: number): Promise<OrtScoredModel> {
    const { onnx, hasMap } = await exportRawScoringGraph(model, name, preprocessing);
    return new OrtScoredModel(model, await OrtSession.create(onnx, threads === undefined ? {} : { threads }), hasMap);
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    if (options.reconstructions) return this.tfjs.score(x, options);
    const count = x.shape[0];
    const wanted = options.maps && this.hasMap ? [SCORING_OUTPUTS.score, SCORING_OUTPUTS.anomalyMap] : [SCORING_OUTPUTS.score];
    const out = await this.session.run({ [SCORING_INPUT]: { data: (await x.data()) as Float32Array, dims: x.shape } }, wanted);
    const result: ScoreResult = { scores: Float32Array.from(out[SCORING_OUTPUTS.score]!.data) };
    const maps = out[SCORING_OUTPUTS.anomalyMap];
    if (maps) result.maps = splitPerImage(Float32Array.from(maps.data), count);
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The inference engines scoring can run on. */
export type ScoringEngine = 'onnxruntime' | 'tfjs';

/**
 * The scorer for a fitted model on `engine`: the model itself on tfjs; on ONNX Runtime its exported graph. A model
 * whose scoring cannot be exported yet is scored by tfjs, with a warning naming what is missing. `release` frees
 * the ONNX Runtime session (the model stays the caller's).
 */
export async function scorerOn(
  engine: ScoringEngine, model: AnomalyModel, name: string, preprocessing: Preprocessing, warn: (line: string) => void, threads?: number,
): Promise<{ scorer: Scorer; engine: ScoringEngine; release: () => Promise<void> }> {
  if (engine === 'tfjs') return { scorer: model, engine, release: async () => undefined };
  try {
    const ort = await OrtScoredModel.create(model, name, preprocessing, threads);
    return { scorer: ort, engine, release: () => ort.release() };
  } catch (error) {
    if (!(error instanceof GraphExportUnsupported)) throw error;
    warn(`${name}: scoring with tfjs, not ONNX Runtime: the model ${error.message}`);
    return { scorer: model, engine: 'tfjs', release: async () => undefined };
  }
}
