import type { AnomalyModel, BatchSource, ImageRecord, ScoredSource } from '@anomaly-zoo/core';

/** What scoring needs of a model: a fitted tfjs model, or the same model scored through ONNX Runtime. */
export type Scorer = Pick<AnomalyModel, 'score' | 'scoreSource'>;

/** Scores every image of a source in file order; anomaly maps only when asked (they cost memory). */
export async function scoreSource(model: Scorer, source: BatchSource, batchSize: number, withMaps: boolean): Promise<ScoredSource> {
  if (!withMaps && model.scoreSource) {
    const whole = await model.scoreSource(source);
    if (whole) return whole;
  }
  const records: ImageRecord[] = [];
  const scores: number[] = [];
  const maps: Float32Array[] = [];
  for await (const batch of source.batches({ batchSize })) {
    try {
      const result = await model.score(batch.x, { maps: withMaps });
      records.push(...batch.records);
      scores.push(...result.scores);
      if (withMaps && result.maps) maps.push(...result.maps);
    } finally {
      batch.x.dispose();
    }
  }
  return { records, scores: Float32Array.from(scores), ...(withMaps && maps.length === records.length ? { maps } : {}) };
}
