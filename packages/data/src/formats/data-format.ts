import type { DataSplits, ImageRecord, JsonSchema, Preprocessing } from '@anomaly-zoo/core';
import { ConfigObject, Static, TObject, TProperties, UserError } from '@anomaly-zoo/core';
import { ImageDecoder, ImageSet, ImageSetOptions } from '../image-set';
import { splitValidation } from '../split';

/** What every format's load() is given: its own options (data.<format>, defaults filled) and the shared data keys. */
export interface FormatContext<Options> {
  options: Options;
  /** data.root: where the data set lives. */
  root: string;
  /** data.category, when the config sets one. */
  category?: string;
  /** The run's seed: every random split derives from it. */
  seed: number;
  /** data.validation_fraction: the share of normal training images held out for the threshold. */
  validationFraction: number;
  /** Progress lines (e.g. "generating synthetic data"); results go in `notes`. */
  log: (line: string) => void;
}

/** Set options a caller may choose; how records are read is the format's business. */
export type SetOptions = Omit<ImageSetOptions, 'decode'>;

/** What a format found on disk, ready to stream. */
export interface LoadedFormat {
  splits: DataSplits;
  /** False when the data set has no labels (the test split is every image, to be ranked; no metric applies). */
  labelled: boolean;
  /** The category name for results paths when the config gives none. */
  category: string;
  /** Where the training images came from, for messages. */
  trainSource: string;
  /** Lines worth logging: counts, what was left out and why. */
  notes: string[];
  /** Anomalous test images without a mask: left out of pixel metrics, and warned about by the caller. */
  missingMasks: string[];
  /** An ImageSet over any of these records that reads them as this format does (files, or in-memory pixels). */
  makeSet(records: readonly ImageRecord[], preprocessing: Preprocessing, options?: SetOptions): ImageSet;
}

/**
 * One data format, by the name configs use (`data.format`). `schema` describes the block `data.<name>`
 * (all of the format's own keys, with defaults); the engine validates and fills it before `load`.
 */
export interface DataFormat<Options extends object = object> {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
  /** An example category when the format needs `data.category` (a data set of several categories), else absent. */
  readonly categoryExample?: string;
  /** Whether validation holds anomalous images under these options (so target_recall can work without synthetic ones). */
  validationHasAnomalies?(options: Options): boolean;
  load(context: FormatContext<Options>): Promise<LoadedFormat>;
}

/**
 * A format whose options are the Static type of its schema (see formatSchema); erases that type so definitions of
 * different formats fit in one registry.
 */
export function defineFormat<Schema extends TObject>(format: Omit<DataFormat<Static<Schema>>, 'schema'> & { schema: Schema }): DataFormat<object> {
  return format as unknown as DataFormat<object>;
}

/**
 * A format of several categories and no keys of its own (data.<name> is an empty block): `load` gets the category,
 * which the config loader has already required (see DataFormat.categoryExample).
 */
export function categoryFormat(format: {
  name: string;
  description: string;
  categoryExample: string;
  load(context: FormatContext<object>, category: string): Promise<LoadedFormat>;
}): DataFormat {
  return defineFormat({
    name: format.name,
    description: format.description,
    schema: formatSchema({}),
    categoryExample: format.categoryExample,
    load: (context) => format.load(context, context.category as string),
  });
}

/**
 * A `data.<format>` block schema: an object of exactly these keys; a key is required unless it is Optional or has
 * a default (see ConfigObject).
 */
export function formatSchema<T extends TProperties>(properties: T): TObject<T> {
  return ConfigObject(properties);
}

/** makeSet for formats whose records are image files: each image is the standard decode of its file. */
export function fileSets(): LoadedFormat['makeSet'] {
  return (records, preprocessing, options = {}) => new ImageSet(records, preprocessing, options);
}

/** makeSet for formats whose records `decode` reads (e.g. from arrays in memory). */
export function decodedSets(decode: ImageDecoder): LoadedFormat['makeSet'] {
  return (records, preprocessing, options = {}) => new ImageSet(records, preprocessing, { ...options, decode });
}

/**
 * The common case: a data set of normal training images and a labelled test split, read from files.
 * Validation is a seeded part of the training images (data.validation_fraction, by the run's seed).
 */
export function trainTestFormat(
  context: FormatContext<object>,
  loaded: { train: ImageRecord[]; test: ImageRecord[]; missingMasks: string[] },
  described: { category: string; trainSource: string; notes?: string[] },
): LoadedFormat {
  if (loaded.train.length === 0) throw new UserError(`${described.trainSource}: no training images found`);
  const { train, validation } = splitValidation(loaded.train, { fraction: context.validationFraction, seed: context.seed });
  return {
    splits: { train, validation, test: loaded.test },
    labelled: true,
    category: described.category,
    trainSource: described.trainSource,
    notes: described.notes ?? [],
    missingMasks: loaded.missingMasks,
    makeSet: fileSets(),
  };
}
