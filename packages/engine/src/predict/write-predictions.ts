import * as path from 'path';
import { writeFileAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { csvLine } from '../csv';
import type { PredictFailure } from './decode-batches';
import type { Prediction } from './run-predict';

export const PREDICTION_COLUMNS = ['path', 'score', 'normalised_score', 'label'] as const;

export function predictionsCsv(predictions: readonly Prediction[]): string {
  return csvLine([...PREDICTION_COLUMNS]) + predictions.map((p) => csvLine([p.path, p.score, p.normalised_score, p.label])).join('');
}

/** `.json` gets predictions and failures together; anything else is CSV (failures go to the summary). */
export function writePredictions(file: string, predictions: readonly Prediction[], failures: readonly PredictFailure[], threshold: number): void {
  if (path.extname(file).toLowerCase() === '.json') {
    writeJsonAtomic(file, {
      threshold,
      predictions: predictions.map(({ path: p, score, normalised_score, label }) => ({ path: p, score, normalised_score, label })),
      errors: failures,
    });
  } else {
    writeFileAtomic(file, predictionsCsv(predictions));
  }
}
