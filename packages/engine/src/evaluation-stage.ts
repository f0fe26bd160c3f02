import * as path from 'path';
import { ImageRecord, ScoredSource, writeJsonAtomic } from '@anomaly-zoo/core';
import type { ImageSet } from '@anomaly-zoo/data';
import { REPORT_FILE } from '@anomaly-zoo/eval';
import { CalibrationSet, syntheticExamples } from './calibration-set';
import type { EvaluationConfig } from './config/schema';
import { evaluateTest, pixelThresholdFromValidation, SyntheticExample, TestMetrics, writeReport, writeScoresCsv } from './evaluate-run';
import type { Logger } from './log';
import { RUN_FILES } from './run-dir';
import type { NormalisationInfo, ThresholdInfo } from './saved-model';
import { scoreSource, Scorer } from './scoring';
import { RANKING_FILE, rankingSummary, writeRankingCsv } from './unlabelled';

/** What the report draws of the validation images: the predicted-region contour's threshold and a few synthetic anomalies. */
export interface ValidationDrawing {
  pixelThreshold?: number;
  synthetic: SyntheticExample[];
}

/** The drawing from validation scores taken with maps (none without maps: the report then draws no validation image). */
export function validationDrawing(calibration: CalibrationSet, scored: ScoredSource): ValidationDrawing {
  const pixelThreshold = pixelThresholdFromValidation(scored, calibration.masks);
  return { ...(pixelThreshold === undefined ? {} : { pixelThreshold }), synthetic: syntheticExamples(calibration, scored) };
}

/** Whether the stage draws a report: asked for, and the test images are labelled (else there is nothing to draw against). */
export function drawsReport(evaluation: EvaluationConfig, labelled: boolean): boolean {
  return evaluation.report && labelled;
}

/** Seconds and rates as metrics.json records them: to three decimals. */
export function rounded(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** How long scoring and evaluating the test images took, for the facts a run records beside its metrics. */
export interface TestTiming {
  seconds: number;
  images: number;
}

export interface EvaluationStageInput {
  /**
   * Where scores.csv, metrics.json (last: it marks the results complete) and the report go; asked once the test
   * images are scored, so a scoring that fails leaves no new folder behind.
   */
  dir: () => string;
  scorer: Scorer;
  /** The test images, read as the model's preprocessing reads them (their preprocessing is the model's). */
  test: ImageSet;
  /** False for unlabelled images: they are ranked (ranking.csv), no metric applies and no report is drawn. */
  labelled: boolean;
  threshold: ThresholdInfo;
  normalisation: NormalisationInfo;
  evaluation: EvaluationConfig;
  seed: number;
  /** Marks the ranking's images the model was fitted on. */
  trainedOn: readonly ImageRecord[];
  /** The report's title. */
  title: string;
  /** The validation images the report draws; asked only when a report is written. */
  validation: () => Promise<ValidationDrawing>;
  /** The run's facts recorded after the threshold in metrics.json (model, engine, timings…), in that order. */
  facts: (timing: TestTiming) => Record<string, unknown>;
  logger: Logger;
  /** Told as the report starts. */
  onReport?: () => void;
}

/** test images → scores → metrics at the threshold → scores.csv (and ranking) → report → metrics.json, in `dir`. */
export async function evaluationStage(input: EvaluationStageInput): Promise<{ metrics: TestMetrics; dir: string }> {
  const { evaluation, logger, threshold, normalisation } = input;
  const started = performance.now();
  const withMaps = evaluation.pixel_metrics && input.test.records.some((r) => r.maskPath);
  const scored = await scoreSource(input.scorer, input.test, evaluation.batch_size, withMaps);
  const metrics = input.labelled
    ? await evaluateTest(scored, threshold, input.test.preprocessing, { bootstrap: evaluation.bootstrap, seed: input.seed })
    : rankingSummary(scored, threshold);
  const seconds = (performance.now() - started) / 1000;
  const dir = input.dir();

  writeScoresCsv(path.join(dir, RUN_FILES.scores), scored, threshold, normalisation, process.cwd());
  if (!input.labelled) {
    const trainedOn = new Set(input.trainedOn.map((r) => r.path));
    writeRankingCsv(path.join(dir, RANKING_FILE), scored, threshold, normalisation, trainedOn, process.cwd());
  }
  const full: TestMetrics = {
    ...metrics,
    threshold: threshold.value,
    threshold_strategy: threshold.strategy,
    ...input.facts({ seconds, images: scored.records.length }),
  };
  if (drawsReport(evaluation, input.labelled)) {
    input.onReport?.();
    // The gallery asks the model again for the few images it draws: the test maps are not kept meanwhile.
    delete scored.maps;
    const { pixelThreshold, synthetic } = await input.validation();
    const report = await writeReport({
      dir, title: input.title, model: input.scorer, test: scored, threshold, ...(pixelThreshold === undefined ? {} : { pixelThreshold }),
      preprocessing: input.test.preprocessing, testSet: input.test, config: evaluation, seed: input.seed, metrics: full, relativeTo: process.cwd(), synthetic,
    });
    for (const note of report.notes) logger.info(note);
    logger.info(`report: ${path.join(dir, REPORT_FILE)} (${report.visualisations} visualisations)`);
  } else if (evaluation.report) {
    logger.info(`no ${REPORT_FILE}: the test images are unlabelled, so there is nothing to score them against (see ${RANKING_FILE})`);
  }
  writeJsonAtomic(path.join(dir, RUN_FILES.metrics), full);
  return { metrics: full, dir };
}
