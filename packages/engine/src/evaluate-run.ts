import * as path from 'path';
import { Preprocessing, writeFileAtomic } from '@anomaly-zoo/core';
import { decodeMask } from '@anomaly-zoo/data';
import { chooseThreshold, imageMetrics, minMaxNormaliser, normalise, pixelAuroc, UndefinedMetricError } from '@anomaly-zoo/eval';
import type { EvaluationConfig } from './config/schema';
import { csvLine } from './csv';
import type { NormalisationInfo, ThresholdInfo } from './saved-model';
import type { ScoredSet } from './scoring';

/** Threshold and score normalisation from the validation split, never from the test split. */
export function calibrate(validation: ScoredSet, config: EvaluationConfig): { threshold: ThresholdInfo; normalisation: NormalisationInfo } {
  const labels = validation.records.map((r) => r.label);
  const t = config.threshold;
  const threshold = chooseThreshold(t.strategy, { scores: validation.scores, labels }, { percentile: t.percentile, k: t.k, value: t.value });
  const normalisation = minMaxNormaliser(threshold.value, validation.scores);
  return { threshold, normalisation };
}

export interface TestMetrics extends Record<string, unknown> {
  image_auroc: number | null;
  pixel_auroc?: number | null;
  notes: string[];
}

/** Image metrics at the calibrated threshold, and pixel AUROC where masks exist. */
export async function evaluateTest(
  test: ScoredSet,
  threshold: ThresholdInfo,
  preprocessing: Preprocessing,
): Promise<TestMetrics> {
  const labels = test.records.map((r) => r.label);
  const metrics = imageMetrics({ scores: test.scores, labels, threshold: threshold.value }) as unknown as TestMetrics;
  const notes = [...(metrics.notes ?? [])];
  if (threshold.note) notes.push(threshold.note);
  if (test.maps && test.records.some((r) => r.maskPath)) {
    const { maps, masks } = await pairMapsWithMasks(test, preprocessing);
    try {
      metrics.pixel_auroc = pixelAuroc(maps, masks);
    } catch (error) {
      if (!(error instanceof UndefinedMetricError)) throw error;
      metrics.pixel_auroc = null;
      notes.push(`pixel_auroc undefined: ${error.message}`);
    }
  }
  metrics.notes = notes;
  return metrics;
}

/** Normal images count as all-zero masks; defect images without a mask are left out. */
async function pairMapsWithMasks(test: ScoredSet, pre: Preprocessing): Promise<{ maps: Float32Array[]; masks: Uint8Array[] }> {
  const maps: Float32Array[] = [];
  const masks: Uint8Array[] = [];
  for (let i = 0; i < test.records.length; i++) {
    const record = test.records[i]!;
    if (record.label === 1 && !record.maskPath) continue;
    maps.push(test.maps![i]!);
    masks.push(record.maskPath ? await decodeMask(record.maskPath, pre) : new Uint8Array(pre.height * pre.width));
  }
  return { maps, masks };
}

export function writeScoresCsv(file: string, test: ScoredSet, threshold: ThresholdInfo, normalisation: NormalisationInfo, relativeTo: string): void {
  const rows = test.records.map((record, i) => {
    const score = test.scores[i]!;
    return csvLine([
      path.relative(relativeTo, record.path) || record.path,
      record.label,
      record.defectType,
      score,
      normalise(score, normalisation),
      score > threshold.value ? 1 : 0,
    ]);
  });
  writeFileAtomic(file, csvLine(['path', 'label', 'defect_type', 'score', 'normalised_score', 'prediction']) + rows.join(''));
}
