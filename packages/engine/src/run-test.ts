import * as fs from 'fs';
import * as path from 'path';
import { claimOutputDir, UserError, writeJsonAtomic } from '@anomaly-zoo/core';
import { BackendInfo, initBackend } from '@anomaly-zoo/backend';
import { calibrationSet } from './calibration-set';
import { loadRunConfig } from './config/load';
import { prepareData } from './data-setup';
import type { TestMetrics } from './evaluate-run';
import { evaluationStage, rounded, validationDrawing } from './evaluation-stage';
import type { Logger } from './log';
import { rethreshold, Rethresholded, wantsRethreshold } from './rethreshold';
import { EVALUATION_PARENTS, freshEvaluationDir, requireRunDir, RUN_FILES } from './run-dir';
import { loadModelDir, MANIFEST_FILE, ModelManifest } from './saved-model';
import { scoreSource } from './scoring';
import { scorerOn } from './ort-scoring';
import { chooseInferenceEngine } from './inference-engine';

export interface TestRunOptions {
  runDir: string;
  overrides: string[];
  out?: string;
  /** Replace the files of an `out` folder that already holds some (never a run directory's own). */
  force?: boolean;
  /** With a re-threshold: also write the new threshold into the run's saved model. */
  updateModel?: boolean;
  logger: Logger;
}

/**
 * Re-scores a run's test split (or other data, through overrides) with its saved model and
 * preprocessing. The threshold is the saved model's, unless an override of evaluation.threshold.* or
 * evaluation.validation.* asks for a new one: that is chosen again from the run's saved validation
 * scores (never from test images). Results go to a new directory; the run's own files change only
 * with `updateModel`, and then only the threshold and normalisation of its model manifest.
 */
export async function runTest(options: TestRunOptions): Promise<{ outDir: string; metrics: TestMetrics; backend: BackendInfo }> {
  const { runDir, logger } = options;
  requireRunDir(runDir);
  if (options.out) claimOutputDir(options.out, { force: Boolean(options.force) });
  const configFile = path.join(runDir, RUN_FILES.config);
  const config = loadRunConfig(configFile, options.overrides, { savedRun: true });
  const recalibrate = wantsRethreshold(options.overrides);
  if (options.updateModel && !recalibrate) {
    throw new UserError('--update-model: only with a new threshold (--set evaluation.threshold.strategy=... or another evaluation.threshold key)');
  }
  const modelDir = path.join(runDir, RUN_FILES.model);
  const backend = await initBackend({ backend: config.runtime.backend, threads: config.runtime.threads, log: logger.info });
  const engine = await chooseInferenceEngine(config.runtime.engine, config.runtime.threads, logger.info);
  const { model, manifest } = await loadModelDir(modelDir, logger.info, engine.runtime);
  let releaseScorer = async (): Promise<void> => undefined;
  try {
    // Scoring on the chosen engine: on ONNX Runtime, the whole saved model's exported graph.
    const scoring = await scorerOn(engine.name, model, manifest.model, manifest.preprocessing, logger.warn, engine.threads);
    releaseScorer = scoring.release;
    const scorer = scoring.scorer;
    const calibrated: Rethresholded | undefined = recalibrate ? rethreshold(runDir, config) : undefined;
    if (calibrated) logger.info(`threshold ${calibrated.threshold.value.toPrecision(5)} (${calibrated.threshold.strategy}${calibrated.threshold.note ? `: ${calibrated.threshold.note}` : ''}), from the run's saved validation scores`);
    const threshold = calibrated?.threshold ?? manifest.threshold;
    const normalisation = calibrated?.normalisation ?? manifest.normalisation;
    const data = await prepareData(config, logger);
    const pre = manifest.preprocessing;
    const { metrics, dir: outDir } = await evaluationStage({
      dir: () => {
        const dir = options.out
          ? path.resolve(options.out)
          : freshEvaluationDir(runDir, calibrated ? EVALUATION_PARENTS.rethreshold : EVALUATION_PARENTS.retest, calibrated ? threshold.strategy : undefined);
        fs.mkdirSync(dir, { recursive: true });
        return dir;
      },
      scorer, test: data.makeSet(data.splits.test, pre), labelled: data.labelled, threshold, normalisation,
      evaluation: config.evaluation, seed: config.seed, trainedOn: data.splits.train, logger,
      title: `${manifest.model} ${calibrated ? 're-thresholded' : 're-tested'} (run ${path.basename(fs.realpathSync(runDir))})`,
      // The saved model's validation maps are not kept: scored again, with maps, for the report's contours and examples.
      validation: async () => {
        const calibration = await calibrationSet(data.makeSet(data.splits.validation, pre), config.data, config.evaluation.validation.synthetic_anomalies, config.seed);
        return validationDrawing(calibration, await scoreSource(scorer, calibration.set, config.evaluation.batch_size, true));
      },
      facts: (test) => ({
        ...(calibrated ? { validation_scores: calibrated.summary, synthetic_anomalies: calibrated.syntheticAnomalies } : {}),
        model: manifest.model,
        backend: backend.name,
        engine: engine.name,
        scoring_engine: scoring.engine,
        test_seconds: rounded(test.seconds),
        run: path.resolve(runDir),
      }),
    });
    if (calibrated && options.updateModel) {
      updateSavedThreshold(modelDir, manifest, calibrated);
      logger.info(`updated the threshold of ${path.join(modelDir, MANIFEST_FILE)}`);
    }
    return { outDir, metrics, backend };
  } finally {
    await releaseScorer();
    model.dispose();
  }
}

/** Rewrites only the threshold and normalisation of the saved model's manifest (atomically). */
function updateSavedThreshold(modelDir: string, manifest: ModelManifest, calibrated: Rethresholded): void {
  writeJsonAtomic(path.join(modelDir, MANIFEST_FILE), { ...manifest, threshold: calibrated.threshold, normalisation: calibrated.normalisation });
}
