import * as fs from 'fs';
import YAML from 'yaml';
import { describeError, UserError } from '@anomaly-zoo/core';
import { plainData } from './plain-data';
import { getModel } from '@anomaly-zoo/registry';
import { applyOverrides } from './overrides';
import { getDataFormat } from '@anomaly-zoo/data';
import { formatOptionsOf, RunConfig, runConfigSchema, sizeOf } from './schema';
import { tilingOf } from '../tiling/config';
import { validateAgainst } from './validate';

/** Configs and grids are a few KB; a cap stops a huge file from being parsed into gigabytes first. */
const MAX_CONFIG_BYTES = 1 << 20;

/**
 * Reads a YAML config or grid as plain data: size-capped, syntax errors and alias bombs as one line naming
 * the file, prototype keys and non-finite numbers refused (see plainData).
 */
export function readYamlFile(file: string, what = 'config'): unknown {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new UserError(`${file}: ${what} is ${size} bytes; at most ${MAX_CONFIG_BYTES} are read`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`${file}: cannot read ${what}: ${why}`);
  }
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    throw new UserError(`${file}${where}: YAML syntax error: ${problem.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    // The yaml library caps alias expansion (maxAliasCount) and throws: a "billion laughs" file stops here.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new UserError(`${file}: YAML cannot be expanded: ${describeError(error)}`);
  }
  return plainData(data, file);
}

export interface LoadRunConfigOptions {
  /**
   * The file is a run's own saved config.yaml: format keys saved by older versions directly under `data` are
   * moved into their format's block, so old runs still test and resume. A user's config is refused instead,
   * with the new spelling, so that configs in the repository converge on one layout.
   */
  savedRun?: boolean;
}

/** Reads, overrides and validates a run config; the result has every default filled in. */
export function loadRunConfig(file: string, overrides: readonly string[] = [], options: LoadRunConfigOptions = {}): RunConfig {
  const raw = readYamlFile(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${file}: a run config must be a YAML mapping with at least 'model' and 'data'`);
  }
  if (options.savedRun) migrateMovedDataKeys((raw as Record<string, unknown>).data);
  return resolveRunConfig(raw as Record<string, unknown>, file, overrides);
}

export function resolveRunConfig(raw: Record<string, unknown>, source: string, overrides: readonly string[] = []): RunConfig {
  const config = plainData(raw, source) as Record<string, unknown>;
  applyOverrides(config, overrides);
  rejectMovedDataKeys(config.data, source);
  validateAgainst(runConfigSchema, config, source);
  const typed = config as unknown as RunConfig;
  const data = typed.data as unknown as Record<string, unknown>;
  data[typed.data.format] ??= {};
  validateAgainst(getDataFormat(typed.data.format).schema, data[typed.data.format], source, `data.${typed.data.format}`);
  const { name, ...params } = typed.model;
  const definition = getModel(name);
  validateAgainst(definition.schema, params, source, 'model');
  typed.model = { name, ...params };
  checkDataCombination(typed, source);
  tilingOf(typed, source);
  return typed;
}

/** Format keys that used to sit directly under `data`, and the formats whose block holds each now. */
const MOVED_DATA_KEYS: Record<string, readonly string[]> = {
  normal: ['folder'],
  abnormal: ['folder'],
  test_normal: ['folder'],
  masks: ['folder'],
  normal_class: ['mnist', 'fashion-mnist', 'cifar10'],
};

/** The format that owns a moved key in `data`: the data's own format when it is one of the key's owners. */
function ownerOfMovedKey(data: object, formats: readonly string[]): string {
  const format = (data as { format?: unknown }).format;
  return formats.find((f) => f === format) ?? (formats[0] as string);
}

function migrateMovedDataKeys(data: unknown): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const record = data as Record<string, unknown>;
  for (const [key, formats] of Object.entries(MOVED_DATA_KEYS)) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const owner = ownerOfMovedKey(record, formats);
    const block = record[owner];
    const target = block !== null && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
    target[key] ??= record[key];
    record[owner] = target;
    delete record[key];
  }
}

function rejectMovedDataKeys(data: unknown, source: string): void {
  if (data === null || typeof data !== 'object') return;
  for (const [key, formats] of Object.entries(MOVED_DATA_KEYS)) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    const owner = ownerOfMovedKey(data, formats);
    throw new UserError(`${source}: data.${key}: moved to data.${owner}.${key} (each format's keys live under data.<format>)`);
  }
}

function checkDataCombination(config: RunConfig, source: string): void {
  const data = config.data;
  const format = getDataFormat(data.format);
  if (format.categoryExample !== undefined && !data.category) {
    throw new UserError(`${source}: data.category: required when data.format is '${data.format}' (e.g. ${format.categoryExample})`);
  }
  if (config.evaluation.threshold.strategy === 'manual' && config.evaluation.threshold.value === undefined) {
    throw new UserError(`${source}: evaluation.threshold.value: required when evaluation.threshold.strategy is 'manual'`);
  }
  const anomalousValidation = config.evaluation.validation.synthetic_anomalies > 0 ||
    (format.validationHasAnomalies?.(formatOptionsOf(data)) ?? false);
  if (config.evaluation.threshold.strategy === 'target_recall' && !anomalousValidation) {
    throw new UserError(
      `${source}: evaluation.validation.synthetic_anomalies: must be > 0 for threshold strategy 'target_recall' (it needs anomalous validation images)`,
    );
  }
  if (data.validation_fraction === 0 && config.evaluation.threshold.strategy !== 'manual') {
    throw new UserError(
      `${source}: data.validation_fraction: is 0, but threshold strategy '${config.evaluation.threshold.strategy}' needs validation images (use > 0, or evaluation.threshold.strategy: manual)`,
    );
  }
}

export function imageSizeOf(config: RunConfig): { height: number; width: number } {
  return sizeOf(config.data.image_size);
}
