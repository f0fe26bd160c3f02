import * as tf from '@tensorflow/tfjs';
import { AnomalyModel, GraphExportUnsupported, hostValuesOf, Preprocessing, ScoreOptions, ScoreResult } from '@anomaly-zoo/core';
import { exportRawScoringGraph, OrtSession, SCORING_INPUT, SCORING_OUTPUTS } from '@anomaly-zoo/onnx';
import { splitPerImage } from '@anomaly-zoo/components';
import type { ScoringEngine } from './inference-engine';
import type { Scorer } from './scoring';

/**
 * Images per ONNX Runtime run. A graph materialises every intermediate of its batch at once (PatchCore's distances
 * to the memory bank: images × 56² patches × bank rows), where tfjs scoring works through them in chunks; small runs
 * keep the peak memory of a whole evaluation batch down at no measurable cost in speed.
 */
const ORT_IMAGES_PER_RUN = 4;

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
    const [count, height, width, channels] = x.shape;
    const wanted = options.maps && this.hasMap ? [SCORING_OUTPUTS.score, SCORING_OUTPUTS.anomalyMap] : [SCORING_OUTPUTS.score];
    const pixels = await hostValuesOf(x);
    const perImage = height * width * channels;
    const scores = new Float32Array(count);
    const maps: Float32Array[] = [];
    for (let start = 0; start < count; start += ORT_IMAGES_PER_RUN) {
      const end = Math.min(count, start + ORT_IMAGES_PER_RUN);
      const input = { data: pixels.subarray(start * perImage, end * perImage), dims: [end - start, height, width, channels] };
      const out = await this.session.run({ [SCORING_INPUT]: input }, wanted);
      scores.set(out[SCORING_OUTPUTS.score]!.data, start);
      const map = out[SCORING_OUTPUTS.anomalyMap];
      if (map) maps.push(...splitPerImage(Float32Array.from(map.data), end - start));
    }
    return { scores, ...(maps.length > 0 ? { maps } : {}) };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}


/** A fitted model's scoring on an engine, and how to free what the engine holds (the model stays the caller's). */
export interface EngineScorer {
  scorer: Scorer;
  /** Where it scores: the engine asked for, or tfjs when the model could not be exported. */
  engine: ScoringEngine;
  release(): Promise<void>;
}

/**
 * The scorer for a fitted model on `engine`: the model itself on tfjs; on ONNX Runtime its exported graph. A model
 * whose scoring cannot be exported yet is scored by tfjs, with a warning naming what is missing. `release` frees
 * the ONNX Runtime session (the model stays the caller's).
 */
export async function scorerOn(
  engine: ScoringEngine, model: AnomalyModel, name: string, preprocessing: Preprocessing, warn: (line: string) => void, threads?: number,
): Promise<EngineScorer> {
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
