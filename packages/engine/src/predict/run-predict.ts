import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { claimOutputFile, makeOutputDirs, OutputPolicy, tensor4dFromHost, UserError, writeFileAtomic } from '@anomaly-zoo/core';
import { BackendInfo, initBackend } from '@anomaly-zoo/backend';
import { heatMapRgb, isAnomalous, normalise } from '@anomaly-zoo/eval';
import type { Logger } from '../log';
import { chooseInferenceEngine } from '../inference-engine';
import { scorerOn } from '../ort-scoring';
import { loadModelDir, ModelManifest } from '../saved-model';
import { decodeInBatches, PredictFailure } from './decode-batches';
import { listPredictInputs, PredictInput } from './inputs';
import { resolveModelDir } from './model-dir';
import { predictProgress } from './progress';

export interface Prediction {
  path: string;
  /** Sub-path under the input folder (the file name for a single image). */
  relative: string;
  score: number;
  normalised_score: number;
  label: 'anomalous' | 'normal';
}

export interface PredictOptions {
  run: string;
  input: string;
  batchSize?: number;
  /** Copy (never move) every image labelled anomalous here, keeping its sub-path. */
  copyAnomaliesTo?: string;
  /** Write one heat-map PNG per image here, keeping its sub-path. */
  mapsDir?: string;
  /** How existing files in the copy and map folders are treated (the output-path policy). */
  output?: OutputPolicy;
  logger: Logger;
}

export interface PredictResult {
  /** Most anomalous first. */
  predictions: Prediction[];
  failures: PredictFailure[];
  manifest: ModelManifest;
  backend: BackendInfo;
  copied: string[];
}

/** Scores images with a saved model: its own preprocessing, threshold and normalisation. */
export async function runPredict(options: PredictOptions): Promise<PredictResult> {
  const { logger } = options;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserError(`--batch-size: must be a positive integer (got ${options.batchSize})`);
  const modelDir = resolveModelDir(options.run);
  const inputs = listPredictInputs(options.input);
  const output = options.output ?? { force: false };
  for (const target of [options.copyAnomaliesTo, options.mapsDir]) {
    if (target && isInside(realPathOfTarget(target), fs.realpathSync(options.input))) {
      throw new UserError(`${target}: must not lie inside the input folder ${options.input} (it would be scored next time)`);
    }
  }
  const backend = await initBackend({ log: logger.info });
  // No run config here: ONNX Runtime when it loads (the whole saved model's exported graph), else tfjs.
  const engine = await chooseInferenceEngine('auto', 'auto', logger.info);
  const { model, manifest } = await loadModelDir(modelDir, logger.info, engine.runtime);
  const pre = manifest.preprocessing;
  const scoring = await scorerOn(engine.name, model, manifest.model, pre, logger.warn, engine.threads).catch((error: unknown) => {
    model.dispose();
    throw error;
  });
  const predictions: Prediction[] = [];
  const failures: PredictFailure[] = [];
  const progress = predictProgress(inputs.length);
  try {
    let done = 0;
    let warnedNoMaps = false;
    for await (const batch of decodeInBatches(inputs, pre, batchSize)) {
      failures.push(...batch.failures);
      if (batch.inputs.length > 0) {
        const x = tensor4dFromHost(batch.pixels, [batch.inputs.length, pre.height, pre.width, pre.channels]);
        try {
          const result = await scoring.scorer.score(x, { maps: Boolean(options.mapsDir) });
          batch.inputs.forEach((input, i) => predictions.push(toPrediction(input, result.scores[i]!, manifest)));
          if (options.mapsDir && result.maps) await writeMaps(options.mapsDir, batch.inputs, result.maps, pre.width, pre.height, output);
          else if (options.mapsDir && !warnedNoMaps) {
            logger.warn(`${manifest.model} gives no anomaly maps; --maps writes nothing`);
            warnedNoMaps = true;
          }
        } finally {
          x.dispose();
        }
      }
      done += batch.inputs.length + batch.failures.length;
      progress.update(done, failures.length);
    }
  } finally {
    progress.stop();
    await scoring.release();
    model.dispose();
  }
  predictions.sort((a, b) => b.score - a.score || (a.relative < b.relative ? -1 : 1));
  const copied = options.copyAnomaliesTo ? copyFlagged(predictions, options.copyAnomaliesTo, output) : [];
  return { predictions, failures, manifest, backend, copied };
}

function toPrediction(input: PredictInput, score: number, manifest: ModelManifest): Prediction {
  return {
    path: input.path,
    relative: input.relative,
    score,
    normalised_score: normalise(score, manifest.normalisation),
    label: isAnomalous(score, manifest.threshold.value) ? 'anomalous' : 'normal',
  };
}

/** Copies flagged images into `dir` under their sub-paths; sources are only ever read. */
function copyFlagged(predictions: Prediction[], dir: string, output: OutputPolicy): string[] {
  const copied: string[] = [];
  for (const p of predictions) {
    if (p.label !== 'anomalous') continue;
    const target = path.join(makeOutputDirs(dir, path.dirname(p.relative)), path.basename(p.relative));
    claimOutputFile(target, output);
    writeFileAtomic(target, fs.readFileSync(p.path));
    copied.push(target);
  }
  return copied;
}

async function writeMaps(dir: string, inputs: PredictInput[], maps: Float32Array[], width: number, height: number, output: OutputPolicy): Promise<void> {
  for (let i = 0; i < inputs.length; i++) {
    const relative = inputs[i]!.relative.replace(/\.[^./\\]+$/, '') + '.png';
    const target = path.join(makeOutputDirs(dir, path.dirname(relative)), path.basename(relative));
    claimOutputFile(target, output);
    writeFileAtomic(target, await sharp(Buffer.from(heatMapRgb(maps[i]!)), { raw: { width, height, channels: 3 } }).png().toBuffer());
  }
}

/** Where `target` would really be: the real path of its nearest existing ancestor, plus the rest. */
function realPathOfTarget(target: string): string {
  const absolute = path.resolve(target);
  let existing = absolute;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return path.join(fs.realpathSync(existing), path.relative(existing, absolute));
}

function isInside(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
