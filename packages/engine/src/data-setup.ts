import * as fs from 'fs';
import * as path from 'path';
import { DataSplits, ImageRecord, Preprocessing, UserError } from '@anomaly-zoo/core';
import { generateSyntheticMvtec, ImageSet, loadLabelledFolders, loadMvtec, splitValidation } from '@anomaly-zoo/data';
import { imageSizeOf } from './config/load';
import type { DataConfig, RunConfig } from './config/schema';
import type { Logger } from './log';

export interface PreparedData {
  datasetName: string;
  category: string;
  preprocessing: Preprocessing;
  splits: DataSplits;
  train: ImageSet;
  validation: ImageSet;
  test: ImageSet;
}

export function preprocessingOf(config: RunConfig): Preprocessing {
  return { ...imageSizeOf(config), channels: config.data.channels };
}

export function imageSetFor(records: ImageRecord[], preprocessing: Preprocessing, data: DataConfig): ImageSet {
  return new ImageSet(records, preprocessing, { prefetch: data.prefetch, cache: data.cache, limitInputPixels: data.limit_input_pixels });
}

/** Loads the splits a config describes: train (normal only), a seeded validation part of it, and test. */
export async function prepareData(config: RunConfig, logger: Logger): Promise<PreparedData> {
  const data = config.data;
  const { train: allTrain, test } = await loadTrainAndTest(data, logger);
  if (allTrain.length === 0) throw new UserError(`${describeTrainSource(data)}: no training images found`);
  const { train, validation } = splitValidation(allTrain, { fraction: data.validation_fraction, seed: config.seed });
  const preprocessing = preprocessingOf(config);
  const category = data.category ?? (data.format === 'synthetic' ? 'synthetic' : 'default');
  logger.info(
    `data: ${train.length} train, ${validation.length} validation (normal, from train), ${test.length} test ` +
      `(${test.filter((r) => r.label === 1).length} anomalous) at ${preprocessing.height}×${preprocessing.width}×${preprocessing.channels}`,
  );
  return {
    datasetName: data.name ?? data.format,
    category,
    preprocessing,
    splits: { train, validation, test },
    train: imageSetFor(train, preprocessing, data),
    validation: imageSetFor(validation, preprocessing, data),
    test: imageSetFor(test, preprocessing, data),
  };
}

async function loadTrainAndTest(data: DataConfig, logger: Logger): Promise<{ train: ImageRecord[]; test: ImageRecord[] }> {
  switch (data.format) {
    case 'synthetic': {
      const category = data.category ?? 'synthetic';
      await ensureSynthetic(data, category, logger);
      return loadMvtecWithWarnings(data.root, category, logger);
    }
    case 'mvtec':
      return loadMvtecWithWarnings(data.root, data.category as string, logger);
    case 'folder':
      return loadLabelledFolders({ normal: data.normal ?? [], abnormal: data.abnormal ?? [], testNormal: data.test_normal, masks: data.masks });
  }
}

function loadMvtecWithWarnings(root: string, category: string, logger: Logger): { train: ImageRecord[]; test: ImageRecord[] } {
  const { train, test, missingMasks } = loadMvtec({ root, category });
  if (missingMasks.length > 0) {
    logger.warn(`${missingMasks.length} defect image(s) have no mask and are left out of pixel metrics, e.g. ${missingMasks[0]}`);
  }
  return { train, test };
}

function describeTrainSource(data: DataConfig): string {
  return data.format === 'folder' ? (data.normal ?? []).join(', ') : path.join(data.root, data.category ?? 'synthetic', 'train', 'good');
}

/** Generates the synthetic MVTec-layout set once; regenerates when its parameters changed. */
async function ensureSynthetic(data: DataConfig, category: string, logger: Logger): Promise<void> {
  const dir = path.join(data.root, category);
  const stampFile = path.join(dir, 'synthetic.json');
  const stamp = JSON.stringify(data.synthetic);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  const temp = path.join(data.root, `.${category}.generating-${process.pid}`);
  fs.rmSync(temp, { recursive: true, force: true });
  logger.info(`generating synthetic data in ${dir} (${JSON.stringify(data.synthetic)})`);
  const s = data.synthetic;
  await generateSyntheticMvtec({
    root: temp, category, size: s.size, style: s.style, seed: s.seed,
    trainCount: s.train, testGoodCount: s.test_good, defectsPerType: s.per_defect,
  });
  fs.writeFileSync(path.join(temp, category, 'synthetic.json'), stamp);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(path.join(temp, category), dir);
  fs.rmSync(temp, { recursive: true, force: true });
}
