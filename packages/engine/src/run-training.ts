import * as path from 'path';
import YAML from 'yaml';
import { AnomalyModel, BatchSource, directorySource, ModelContext, ModelDefinition, removeStaleTemps, writeFileAtomic } from '@anomaly-zoo/core';
import { BackendInfo, initBackend } from '@anomaly-zoo/backend';
import { getModel } from '@anomaly-zoo/registry';
import { chooseInferenceEngine, InferenceEngine } from './inference-engine';
import { hasCheckpoint, readCheckpoint, TrainerCheckpoint } from './checkpoint';
import type { RunConfig } from './config/schema';
import { prepareData } from './data-setup';
import { calibrationSet } from './calibration-set';
import { calibrate, summariseScores, TestMetrics, writeValidationScores } from './evaluate-run';
import { drawsReport, evaluationStage, rounded, validationDrawing } from './evaluation-stage';
import type { Logger } from './log';
import { createRunDir, markLatest, RUN_FILES } from './run-dir';
import { lockRunDir, releaseRunLock } from './run-lock';
import { saveModelDir } from './saved-model';
import { scoreSource } from './scoring';
import { gridOf, tilePreprocessing, tilingOf } from './tiling/config';
import { ensembleOf, TiledModel } from './tiling/tiled-model';
import { TiledBatchSource } from './tiling/tiled-source';
import { scorerOn } from './ort-scoring';
import { trainGradientModel, TrainSummary } from './trainer';
import { unlabelledEvaluation } from './unlabelled';

export interface TrainRunOptions {
  out?: string;
  /** Start over in an `out` that holds an unfinished run (its files are replaced). */
  force?: boolean;
  /** An unfinished run directory to continue: its checkpoint (if any) and config are reused. */
  resume?: string;
  logger: Logger;
  /** Told when each stage of the run starts and after every training epoch. */
  onProgress?: (event: TrainProgress) => void;
  /** Aborting stops the run at the next epoch or stage; the run directory stays resumable (`resume`). */
  signal?: AbortSignal;
}

/** A stage of a training run starting, or a training epoch finished. */
export type TrainProgress =
  | { stage: 'data' | 'fit' | 'threshold' | 'test' | 'report' }
  | { stage: 'epoch'; epoch: number; epochs: number; trainLoss: number; valLoss: number | null };

export interface TrainRunResult {
  runDir: string;
  metrics: TestMetrics;
  backend: BackendInfo;
}

/** files → loader → preprocessing → fit → score → evaluation → results directory. */
export async function runTraining(config: RunConfig, options: TrainRunOptions): Promise<TrainRunResult> {
  const { logger } = options;
  const backend = await initBackend({ backend: config.runtime.backend, threads: config.runtime.threads, log: logger.info });
  stage(options, 'data');
  const engine = await chooseInferenceEngine(config.runtime.engine, config.runtime.threads, logger.info);
  const data = await prepareData(config, logger);
  if (options.resume) lockRunDir(options.resume, logger.info);
  const runDir = options.resume ?? createRunDir({
    out: options.out, force: options.force, log: logger.info, root: config.output.root, model: config.model.name,
    dataset: data.datasetName, category: data.category, seed: config.seed, files: { [RUN_FILES.config]: YAML.stringify(config) },
  });
  logger.info(`run directory: ${runDir}`);
  try {
    return await trainInto(runDir, config, data, backend, engine, options);
  } finally {
    releaseRunLock(runDir);
  }
}

/** Fits, calibrates, scores and writes everything of one run into `runDir` (which this process has locked). */
async function trainInto(
  runDir: string,
  config: RunConfig,
  data: Awaited<ReturnType<typeof prepareData>>,
  backend: BackendInfo,
  engine: InferenceEngine,
  options: TrainRunOptions,
): Promise<TrainRunResult> {
  const { logger } = options;
  const { name, ...modelConfig } = config.model;
  // A tiled run fits its model on tiles and scores whole images through a TiledModel of it.
  const tiling = tilingOf(config);
  const grid = tiling && gridOf(tiling);
  const ctx: ModelContext = {
    preprocessing: tiling ? tilePreprocessing(tiling, config.data.channels) : data.preprocessing, seed: config.seed, log: logger.info, runtime: engine.runtime,
  };
  const evalBatch = config.evaluation.batch_size;
  const definition = getModel(name);
  const { model: fitted, resumeFrom } = await createOrResume(definition, modelConfig, ctx, runDir, options.resume !== undefined);
  const model = grid ? new TiledModel(tiling.ensemble ? ensembleOf(fitted, grid.origins.length, () => definition.create(modelConfig, ctx)) : [fitted], grid, tiling.reduction, evalBatch) : fitted;
  let releaseScorer = async (): Promise<void> => undefined;
  try {
    stage(options, 'fit');
    const fitStarted = performance.now();
    const fitData = grid ? { train: new TiledBatchSource(data.train, grid), validation: new TiledBatchSource(data.validation, grid) } : data;
    const training = model instanceof TiledModel && model.ensemble
      ? void (await model.fit(data.train, ctx))
      : await fit(fitted, config, fitData, ctx, runDir, options, resumeFrom);
    const fitSeconds = (performance.now() - fitStarted) / 1000;
    // Validation and test scoring on the chosen engine: on ONNX Runtime, the whole fitted model's exported graph.
    const scoring = await scorerOn(engine.name, model, name, data.preprocessing, logger.warn, engine.threads);
    releaseScorer = scoring.release;
    const scorer = scoring.scorer;

    stage(options, 'threshold');
    const withReport = drawsReport(config.evaluation, data.labelled);
    const calibration = await calibrationSet(data.validation, config.data, config.evaluation.validation.synthetic_anomalies, config.seed);
    if (calibration.synthetic.length > 0) logger.info(`threshold chosen with ${calibration.synthetic.length} synthetic anomalies made from the normal validation images`);
    // Validation maps only set the threshold of the report's predicted-region contours.
    const validationScores = await scoreSource(scorer, calibration.set, evalBatch, withReport);
    const { threshold, normalisation } = calibrate(validationScores, data.labelled ? config.evaluation : unlabelledEvaluation(config.evaluation));
    const drawing = validationDrawing(calibration, validationScores);
    delete validationScores.maps;
    writeValidationScores(path.join(runDir, RUN_FILES.validationScores), validationScores, process.cwd());
    logger.info(`threshold ${threshold.value.toPrecision(5)} (${threshold.strategy}${threshold.note ? `: ${threshold.note}` : ''})`);
    await saveModelDir(path.join(runDir, RUN_FILES.model), model, {
      format: 'anomaly-zoo-model', version: 1, model: name, model_config: modelConfig,
      preprocessing: data.preprocessing, threshold, normalisation, seed: config.seed,
      backend: backend.name, created: new Date().toISOString(), ...(tiling ? { tiling } : {}),
    });

    stage(options, 'test');
    const { metrics } = await evaluationStage({
      dir: () => runDir, scorer, test: data.test, labelled: data.labelled, threshold, normalisation,
      evaluation: config.evaluation, seed: config.seed, trainedOn: data.splits.train, logger,
      title: `${name} on ${data.datasetName}/${data.category} (seed ${config.seed})`,
      validation: () => Promise.resolve(drawing),
      onReport: () => stage(options, 'report'),
      facts: (test) => ({
        validation_scores: summariseScores(validationScores.scores),
        synthetic_anomalies: calibration.synthetic.length,
        model: name,
        dataset: data.datasetName,
        category: data.category,
        seed: config.seed,
        backend: backend.name,
        threads: backend.threads,
        engine: engine.name,
        scoring_engine: scoring.engine,
        fit_seconds: rounded(fitSeconds),
        test_seconds: rounded(test.seconds),
        test_images_per_second: rounded(test.images / test.seconds),
        ...(training ? { epochs_run: training.epochs.length, best_epoch: training.best_epoch, stopped_early: training.stopped_early } : {}),
        created: new Date().toISOString(),
      }),
    });
    if (!options.out) markLatest(runDir);
    return { runDir, metrics, backend };
  } finally {
    await releaseScorer();
    model.dispose();
  }
}

async function fit(
  model: AnomalyModel,
  config: RunConfig,
  data: { train: BatchSource; validation: BatchSource },
  ctx: ModelContext,
  runDir: string,
  options: TrainRunOptions,
  resumeFrom?: TrainerCheckpoint,
): Promise<TrainSummary | undefined> {
  const { logger, onProgress, signal } = options;
  if (model.training === 'single-pass') {
    await model.fit(data.train, ctx);
    return undefined;
  }
  const logFile = path.join(runDir, RUN_FILES.log);
  // The log may hold an epoch whose checkpoint a crash prevented: restart it from the checkpoint's history.
  writeFileAtomic(logFile, (resumeFrom?.history ?? []).map((r) => JSON.stringify(r) + '\n').join(''));
  const summary = await trainGradientModel(model, {
    config: config.training, seed: config.seed, train: data.train, validation: data.validation,
    logFile, checkpointDir: path.join(runDir, RUN_FILES.checkpoint), resumeFrom, logger, signal,
    onEpoch: (record, epochs) => onProgress?.({ stage: 'epoch', epoch: record.epoch, epochs, trainLoss: record.train_loss, valLoss: record.val_loss }),
  });
  await model.afterTraining?.(data.train, ctx);
  return summary;
}

/** A fresh model, or (resuming) the one in the run's checkpoint with the loop state to continue from. */
async function createOrResume(
  definition: ModelDefinition,
  modelConfig: Record<string, unknown>,
  ctx: ModelContext,
  runDir: string,
  resuming: boolean,
): Promise<{ model: AnomalyModel; resumeFrom?: TrainerCheckpoint }> {
  const checkpointDir = path.join(runDir, RUN_FILES.checkpoint);
  if (resuming) {
    const stale = removeStaleTemps(runDir);
    if (stale.length > 0) ctx.log(`removed ${stale.length} temporary file(s) an interrupted write left: ${stale.join(', ')}`);
  }
  if (!resuming || !hasCheckpoint(checkpointDir)) {
    if (resuming) ctx.log('no finished epoch in the checkpoint: training from the start');
    return { model: definition.create(modelConfig, ctx) };
  }
  const model = await definition.load(directorySource(checkpointDir), modelConfig, ctx);
  if (model.training !== 'gradient') {
    model.dispose();
    return { model: definition.create(modelConfig, ctx) };
  }
  return { model, resumeFrom: readCheckpoint(checkpointDir) };
}

/** Reports a stage starting, after checking the run was not aborted. */
function stage(options: TrainRunOptions, name: 'data' | 'fit' | 'threshold' | 'test' | 'report'): void {
  options.signal?.throwIfAborted();
  options.onProgress?.({ stage: name });
}
