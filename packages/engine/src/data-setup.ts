import { DataSplits, ImageRecord, Preprocessing, UserError } from '@anomaly-zoo/core';
import { getDataFormat, ImageSet, screenRecords } from '@anomaly-zoo/data';
import { imageSizeOf } from './config/load';
import { DataConfig, formatOptionsOf, RunConfig } from './config/schema';
import type { Logger } from './log';
import { imagePreprocessing, tilingOf } from './tiling/config';

/** An ImageSet over some of a data set's records, read as its format reads them, with the config's cache and prefetch. */
export type SetMaker = (records: readonly ImageRecord[], preprocessing: Preprocessing) => ImageSet;

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
  makeSet: SetMaker;
}

/** What images are decoded at: data.image_size, or the size a tiled run cuts its tiles from. */
export function preprocessingOf(config: RunConfig): Preprocessing {
  const tiling = tilingOf(config);
  return tiling ? imagePreprocessing(tiling, config.data.channels) : { ...imageSizeOf(config), channels: config.data.channels };
}

/** Loads the splits a config describes through its data format (see @anomaly-zoo/data's DATA_FORMATS), screened for bad images. */
export async function prepareData(config: RunConfig, logger: Logger): Promise<PreparedData> {
  const data = config.data;
  const loaded = await getDataFormat(data.format).load({
    options: formatOptionsOf(data), root: data.root, ...(data.category === undefined ? {} : { category: data.category }),
    seed: config.seed, validationFraction: data.validation_fraction, log: logger.info,
  });
  for (const note of loaded.notes) logger.info(`${data.format}: ${note}`);
  warnMissingMasks(loaded.missingMasks, logger);
  const preprocessing = preprocessingOf(config);
  const setOptions = { prefetch: data.prefetch, cache: data.cache, limitInputPixels: data.limit_input_pixels };
  const makeSet: SetMaker = (records, pre) => loaded.makeSet(records, pre, setOptions);
  const splits = await screenSplits(loaded.splits, makeSet, preprocessing, data, logger);
  const { train, validation, test } = splits;
  if (train.length === 0) throw new UserError(`${loaded.trainSource}: no usable training images left after skipping bad ones`);
  logger.info(
    `data: ${train.length} train, ${validation.length} validation (normal, from train), ${test.length} test ` +
      `(${test.filter((r) => r.label === 1).length} anomalous) at ${preprocessing.height}×${preprocessing.width}×${preprocessing.channels}`,
  );
  return {
    datasetName: data.name ?? data.format,
    category: loaded.category,
    preprocessing,
    splits,
    labelled: loaded.labelled,
    train: makeSet(train, preprocessing),
    validation: makeSet(validation, preprocessing),
    test: makeSet(test, preprocessing),
    makeSet,
  };
}

/** One warning for every format whose anomalous test images lack masks. */
function warnMissingMasks(missingMasks: readonly string[], logger: Logger): void {
  if (missingMasks.length === 0) return;
  logger.warn(`${missingMasks.length} defect image(s) have no mask and are left out of pixel metrics, e.g. ${missingMasks[0]}`);
}

/** Screens the records that are image files (in-memory records cannot be bad files). */
async function screenSplits(splits: DataSplits, makeSet: SetMaker, pre: Preprocessing, data: DataConfig, logger: Logger): Promise<DataSplits> {
  const files = makeSet([...splits.train, ...splits.validation, ...splits.test], pre).files;
  if (!files) return splits;
  const { skipped } = await screenRecords(files, pre, { policy: data.on_bad_image, limitInputPixels: data.limit_input_pixels, log: logger.info });
  if (skipped.length === 0) return splits;
  const bad = new Set(skipped.map((s) => s.path));
  const keep = (records: ImageRecord[]) => records.filter((r) => !bad.has(r.path));
  return { train: keep(splits.train), validation: keep(splits.validation), test: keep(splits.test) };
}
