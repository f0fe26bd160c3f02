import * as path from 'path';
import { ScoredSource, writeFileAtomic } from '@anomaly-zoo/core';
import { isAnomalous, normalise } from '@anomaly-zoo/eval';
import type { EvaluationConfig } from './config/schema';
import { csvLine } from './csv';
import type { TestMetrics } from './evaluate-run';
import type { NormalisationInfo, ThresholdInfo } from './saved-model';

export const RANKING_FILE = 'ranking.csv';

/**
 * Without labels, best-F1 thresholds mean nothing: adaptive_f1 becomes mean + k·std of the held-out
 * scores (k from evaluation.threshold.k, 0.5 by default). Other strategies are kept as configured.
 */
export function unlabelledEvaluation(evaluation: EvaluationConfig): EvaluationConfig {
  if (evaluation.threshold.strategy !== 'adaptive_f1') return evaluation;
  return { ...evaluation, threshold: { ...evaluation.threshold, strategy: 'mean_std' } };
}

/** What metrics.json holds for unlabelled images: counts at the threshold, no metric. */
export function rankingSummary(scored: ScoredSource, threshold: ThresholdInfo): TestMetrics {
  const flagged = Array.from(scored.scores).filter((s) => isAnomalous(s, threshold.value)).length;
  return {
    image_auroc: null,
    labelled: false,
    images_scored: scored.records.length,
    images_flagged: flagged,
    notes: [`unlabelled images: no metrics; scores and ranking only (${RANKING_FILE}, highest score first)`, ...(threshold.note ? [threshold.note] : [])],
  };
}

/** Every scored image, most anomalous first, with whether the model was trained on it (its score is then biased low). */
export function writeRankingCsv(
  file: string, scored: ScoredSource, threshold: ThresholdInfo, normalisation: NormalisationInfo, trainedOn: ReadonlySet<string>, relativeTo: string,
): void {
  const order = scored.records.map((_, i) => i).sort((a, b) => scored.scores[b]! - scored.scores[a]! || a - b);
  const rows = order.map((i, rank) => {
    const record = scored.records[i]!;
    const score = scored.scores[i]!;
    return csvLine([
      rank + 1, path.relative(relativeTo, record.path) || record.path, score, normalise(score, normalisation),
      isAnomalous(score, threshold.value) ? 1 : 0, trainedOn.has(record.path) ? 'train' : 'held_out',
    ]);
  });
  writeFileAtomic(file, csvLine(['rank', 'path', 'score', 'normalised_score', 'flagged', 'split']) + rows.join(''));
}
