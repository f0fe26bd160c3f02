import * as fs from 'fs';
import * as path from 'path';
import { claimOutputDir, writeJsonAtomic } from '@anomaly-zoo/core';
import { BackendInfo, initBackend } from '@anomaly-zoo/backend';
import { loadRunConfig } from './config/load';
import { imageSetFor, prepareData } from './data-setup';
import { evaluateTest, pixelThresholdFromValidation, TestMetrics, writeReport, writeScoresCsv } from './evaluate-run';
import type { Logger } from './log';
import { requireRunDir, RUN_FILES } from './run-dir';
import { loadModelDir } from './saved-model';
import { scoreSource } from './scoring';

export interface TestRunOptions {
  runDir: string;
  overrides: string[];
  out?: string;
  /** Replace the files of an `out` folder that already holds some (never a run directory's own). */
  force?: boolean;
  logger: Logger;
}

/** Re-scores a run's test split (or other data, through overrides) with its saved model, preprocessing and threshold. */
export async function runTest(options: TestRunOptions): Promise<{ outDir: string; metrics: TestMetrics; backend: BackendInfo }> {
  const { runDir, logger } = options;
  requireRunDir(runDir);
  if (options.out) claimOutputDir(options.out, { force: Boolean(options.force) });
  const configFile = path.join(runDir, RUN_FILES.config);
  const config = loadRunConfig(configFile, options.overrides);
  const backend = await initBackend({ backend: config.runtime.backend, threads: config.runtime.threads, log: logger.info });
  const { model, manifest } = await loadModelDir(path.join(runDir, RUN_FILES.model), logger.info);
  try {
    const data = await prepareData(config, logger);
    const test = imageSetFor(data.splits.test, manifest.preprocessing, config.data);
    const started = performance.now();
    const withMaps = config.evaluation.pixel_metrics && data.splits.test.some((r) => r.maskPath);
    const scored = await scoreSource(model, test, config.evaluation.batch_size, withMaps);
    const metrics = await evaluateTest(scored, manifest.threshold, manifest.preprocessing, { bootstrap: config.evaluation.bootstrap, seed: config.seed });
    const seconds = (performance.now() - started) / 1000;
    const outDir = path.resolve(options.out ?? path.join(runDir, 'tests', new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)));
    fs.mkdirSync(outDir, { recursive: true });
    writeScoresCsv(path.join(outDir, RUN_FILES.scores), scored, manifest.threshold, manifest.normalisation, process.cwd());
    const full: TestMetrics = {
      ...metrics,
      threshold: manifest.threshold.value,
      threshold_strategy: manifest.threshold.strategy,
      model: manifest.model,
      backend: backend.name,
      test_seconds: Math.round(seconds * 1000) / 1000,
      run: path.resolve(runDir),
    };
    if (config.evaluation.report) {
      delete scored.maps;
      const validation = await scoreSource(model, imageSetFor(data.splits.validation, manifest.preprocessing, config.data), config.evaluation.batch_size, true);
      const pixelThreshold = pixelThresholdFromValidation(validation);
      const report = await writeReport({
        dir: outDir, title: `${manifest.model} re-tested (run ${path.basename(fs.realpathSync(runDir))})`, model, test: scored,
        threshold: manifest.threshold, ...(pixelThreshold === undefined ? {} : { pixelThreshold }), preprocessing: manifest.preprocessing,
        data: config.data, config: config.evaluation, seed: config.seed, metrics: full, relativeTo: process.cwd(),
      });
      for (const note of report.notes) logger.info(note);
      logger.info(`report: ${path.join(outDir, 'report.html')} (${report.visualisations} visualisations)`);
    }
    writeJsonAtomic(path.join(outDir, RUN_FILES.metrics), full);
    return { outDir, metrics: full, backend };
  } finally {
    model.dispose();
  }
}
