import * as fs from 'fs';
import * as path from 'path';
import { DataSplits, ImageRecord, Preprocessing, UserError } from '@anomaly-zoo/core';
import {
  decodeImageBytes, describeSplitCounts, generateSyntheticMvtec, ImageDecoder, ImageSet, loadDriving, loadImageFolder, loadLabelledFolders, loadMalaria,
  loadMvtec, loadOneClass, OneClassFormat, screenRecords, splitValidation,
} from '@anomaly-zoo/data';
import { imageSizeOf } from './config/load';
import type { DataConfig, RunConfig } from './config/schema';
import type { Logger } from './log';
import { imagePreprocessing, tilingOf } from './tiling/config';

export interface PreparedData {
  datasetName: string;
  category: string;
  preprocessing: Preprocessing;
  splits: DataSplits;
  /** False for unlabelled image folders: the test split is every image, to be ranked, and no metric applies. */
  labelled: boolean;
  train: ImageSet;
  validation: ImageSet;
  test: ImageSet;
}

/** What images are decoded at: data.image_size, or the size a tiled run cuts its tiles from. */
export function preprocessingOf(config: RunConfig): Preprocessing {
  const tiling = tilingOf(config);
  return tiling ? imagePreprocessing(tiling, config.data.channels) : { ...imageSizeOf(config), channels: config.data.channels };
}

/**
 * Records of in-memory sets (MNIST, CIFAR-10 batches) are not files: each remembers its loader's
 * decoder here, so every ImageSet made for them later (re-testing, report pictures) reads the same pixels.
 */
const inMemoryDecoders = new WeakMap<ImageRecord, ImageDecoder>();

function rememberDecoder(records: readonly ImageRecord[], decode: ImageDecoder | undefined): void {
  if (decode) for (const record of records) inMemoryDecoders.set(record, decode);
}

/** The bytes imageSetFor's sets give for `record`: its in-memory loader's decode, or the file's. */
export function decodeRecord(record: ImageRecord, preprocessing: Preprocessing, data: DataConfig): Promise<Uint8Array> {
  const inMemory = inMemoryDecoders.get(record);
  return inMemory ? inMemory(record, preprocessing) : decodeImageBytes(record.path, preprocessing, { limitInputPixels: data.limit_input_pixels });
}

export function imageSetFor(records: ImageRecord[], preprocessing: Preprocessing, data: DataConfig, decode?: ImageDecoder): ImageSet {
  const decoder = decode ?? (records.length > 0 ? inMemoryDecoders.get(records[0]!) : undefined);
  return new ImageSet(records, preprocessing, { prefetch: data.prefetch, cache: data.cache, limitInputPixels: data.limit_input_pixels, decode: decoder });
}

interface LoadedSplits {
  splits: DataSplits;
  labelled: boolean;
  category?: string;
  decode?: ImageDecoder;
}

/** Loads the splits a config describes: train (normal only), validation (a seeded part of the normal training images unless the loader splits by patient), and test. */
export async function prepareData(config: RunConfig, logger: Logger): Promise<PreparedData> {
  const data = config.data;
  const { splits: loaded, labelled, category: loaderCategory, decode } = await loadSplits(config, logger);
  const preprocessing = preprocessingOf(config);
  const splits = decode ? loaded : await screenSplits(loaded, preprocessing, data, logger);
  const { train, validation, test } = splits;
  if (train.length === 0) throw new UserError(`${describeTrainSource(data)}: no usable training images left after skipping bad ones`);
  const category = data.category ?? loaderCategory ?? (data.format === 'synthetic' ? 'synthetic' : 'default');
  logger.info(
    `data: ${train.length} train, ${validation.length} validation (normal, from train), ${test.length} test ` +
      `(${test.filter((r) => r.label === 1).length} anomalous) at ${preprocessing.height}×${preprocessing.width}×${preprocessing.channels}`,
  );
  return {
    datasetName: data.name ?? data.format,
    category,
    preprocessing,
    splits,
    labelled,
    train: imageSetFor(train, preprocessing, data, decode),
    validation: imageSetFor(validation, preprocessing, data, decode),
    test: imageSetFor(test, preprocessing, data, decode),
  };
}

async function screenSplits(splits: DataSplits, pre: Preprocessing, data: DataConfig, logger: Logger): Promise<DataSplits> {
  const all = [...splits.train, ...splits.validation, ...splits.test];
  const { skipped } = await screenRecords(all, pre, { policy: data.on_bad_image, limitInputPixels: data.limit_input_pixels, log: logger.info });
  if (skipped.length === 0) return splits;
  const bad = new Set(skipped.map((s) => s.path));
  const keep = (records: ImageRecord[]) => records.filter((r) => !bad.has(r.path));
  return { train: keep(splits.train), validation: keep(splits.validation), test: keep(splits.test) };
}

async function loadSplits(config: RunConfig, logger: Logger): Promise<LoadedSplits> {
  const data = config.data;
  switch (data.format) {
    case 'malaria': {
      const m = data.malaria;
      const split = loadMalaria({
        root: data.root, seed: config.seed, validationFraction: data.validation_fraction, testFraction: m.test_fraction,
        anomalousValidationFraction: m.anomalous_validation_fraction, disjointAnomalies: m.disjoint_anomalies,
      });
      logger.info(`malaria split by patient: ${describeSplitCounts(split)}`);
      for (const note of split.notes) logger.info(`malaria: ${note}`);
      return { splits: { train: split.train, validation: split.validation, test: split.test }, labelled: true, category: 'cells' };
    }
    case 'images': {
      const dir = data.images.dir ?? data.root;
      const { train, heldOut, all } = loadImageFolder({ dir, recursive: data.images.recursive, holdoutFraction: data.images.holdout_fraction, seed: config.seed });
      logger.info(`unlabelled folder ${dir}: ${train.length} to train on, ${heldOut.length} held out for the threshold; all ${all.length} scored and ranked`);
      return { splits: { train, validation: heldOut, test: all }, labelled: false };
    }
    case 'mnist':
    case 'fashion-mnist':
    case 'cifar10': {
      if (data.normal_class === undefined) throw new UserError(`data.normal_class: required when data.format is '${data.format}' (a class index 0–9 or name)`);
      const set = loadOneClass({ format: data.format as OneClassFormat, root: data.root, normalClass: data.normal_class });
      rememberDecoder(set.train, set.decode);
      rememberDecoder(set.test, set.decode);
      const { train, validation } = splitValidation(set.train, { fraction: data.validation_fraction, seed: config.seed });
      logger.info(`one-class ${data.format}: normal class ${set.normalClassName}; the whole test set (${set.test.length}) is scored`);
      return { splits: { train, validation, test: set.test }, labelled: true, category: `class-${set.normalClassName}`, decode: set.decode };
    }
    default: {
      const { train: allTrain, test } = await loadTrainAndTest(data, logger);
      if (allTrain.length === 0) throw new UserError(`${describeTrainSource(data)}: no training images found`);
      const { train, validation } = splitValidation(allTrain, { fraction: data.validation_fraction, seed: config.seed });
      return { splits: { train, validation, test }, labelled: true };
    }
  }
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
    case 'driving': {
      const d = data.driving;
      return loadDriving({ root: data.root, trainDir: d.train_dir, testDir: d.test_dir, normalName: d.normal, abnormalNames: d.abnormal, recursive: d.recursive });
    }
    default:
      throw new Error(`data format ${data.format} is not a train/test layout`);
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
