import * as fs from 'fs';
import * as path from 'path';
import { ImageRecord, readJsonFile, UserError } from '@anomaly-zoo/core';
import { SYNTHETIC_PATH_MARK } from './calibration-set';
import type { RunConfig } from './config/schema';
import { calibrate, SavedValidationScore, summariseScores } from './evaluate-run';
import { RUN_FILES } from './run-dir';
import type { NormalisationInfo, ThresholdInfo } from './saved-model';

export interface Rethresholded {
  threshold: ThresholdInfo;
  normalisation: NormalisationInfo;
  summary: ReturnType<typeof summariseScores>;
  syntheticAnomalies: number;
}

const THRESHOLD_KEYS = /^evaluation\.(threshold|validation)\./;

/** True when tools/test overrides ask for a threshold other than the saved model's. */
export function wantsRethreshold(overrides: readonly string[]): boolean {
  return overrides.some((o) => THRESHOLD_KEYS.test(o.trim()));
}

/**
 * Chooses the threshold again, as the config's evaluation block says, from the validation scores the
 * run saved: its real validation images and the first `evaluation.validation.synthetic_anomalies` of
 * its synthetic anomalies (0 leaves them out). No image is scored, so no test image can take part.
 */
export function rethreshold(runDir: string, config: RunConfig): Rethresholded {
  const file = path.join(runDir, RUN_FILES.validationScores);
  if (!fs.existsSync(file)) {
    throw new UserError(`${file}: not found; the run saved no validation scores, so it cannot be re-thresholded (train it again)`);
  }
  const saved = readJsonFile(file) as { format?: string; scores?: SavedValidationScore[] };
  if (saved.format !== 'anomaly-zoo-validation-scores' || !Array.isArray(saved.scores)) throw new UserError(`${file}: not a validation scores file`);
  const wanted = config.evaluation.validation.synthetic_anomalies;
  const syntheticIndex = (row: SavedValidationScore): number => {
    const at = row.path.lastIndexOf(SYNTHETIC_PATH_MARK);
    return at < 0 ? -1 : Number(row.path.slice(at + SYNTHETIC_PATH_MARK.length));
  };
  const savedSynthetic = saved.scores.filter((row) => syntheticIndex(row) >= 0).length;
  if (wanted > savedSynthetic) {
    throw new UserError(`evaluation.validation.synthetic_anomalies: the run saved ${savedSynthetic} synthetic anomalies; ${wanted} need a new training run`);
  }
  const rows = saved.scores.filter((row) => syntheticIndex(row) < wanted);
  const records: ImageRecord[] = rows.map((row) => ({ path: row.path, label: row.label, defectType: row.defect_type }));
  const scores = Float32Array.from(rows, (row) => row.score);
  const { threshold, normalisation } = calibrate({ records, scores }, config.evaluation);
  return { threshold, normalisation, summary: summariseScores(scores), syntheticAnomalies: wanted };
}
