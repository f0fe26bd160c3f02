import * as fs from 'fs';
import * as path from 'path';
import { JsonSchema, UserError } from '@anomaly-zoo/core';
import { readYamlFile } from '../config/load';
import { applyOverrides } from '../config/overrides';
import { validateAgainst } from '../config/validate';

export interface GridModel {
  /** Name in the results (the registry name by default, but two variants of one model may differ). */
  name: string;
  config: string;
  set: string[];
}

export interface GridDataset {
  name: string;
  set: string[];
}

export interface Grid {
  name: string;
  out: string;
  seeds: number[];
  set: string[];
  models: GridModel[];
  datasets: GridDataset[];
}

const overridesSchema = { type: 'array', items: { type: 'string', pattern: '^[^=]+=.*$' }, default: [] };
const idPattern = '^[A-Za-z0-9._-]+$';

const gridSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['models', 'datasets'],
  properties: {
    name: { type: 'string', pattern: idPattern },
    out: { type: 'string', minLength: 1 },
    seeds: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1, default: [42] },
    set: overridesSchema,
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'config'],
        properties: { name: { type: 'string', pattern: idPattern }, config: { type: 'string', minLength: 1 }, set: overridesSchema },
      },
    },
    datasets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', pattern: idPattern }, set: overridesSchema },
      },
    },
  },
};

/**
 * Reads a benchmark grid: models (each a run config plus overrides) × data sets (overrides) × seeds.
 * Config paths are relative to the working directory, like tools/train's --config.
 */
export function loadGrid(file: string): Grid {
  if (!fs.existsSync(file)) throw new UserError(`${file}: grid file not found`);
  const raw = readYamlFile(file, 'grid');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${file}: expected a mapping with 'models' and 'datasets'`);
  validateAgainst(gridSchema, raw, file);
  const grid = raw as Omit<Grid, 'name' | 'out'> & { name?: string; out?: string };
  const name = grid.name ?? path.basename(file).replace(/\.ya?ml$/i, '');
  for (const [key, items] of [['models', grid.models], ['datasets', grid.datasets]] as const) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.name)) throw new UserError(`${file}: ${key}[${i}].name: '${item.name}' appears twice`);
      seen.add(item.name);
    });
  }
  // Checked here with the same rules tools/train applies, so a bad `set:` stops the grid before any job runs.
  for (const overrides of [grid.set, ...grid.models.map((m) => m.set), ...grid.datasets.map((d) => d.set)]) applyOverrides({}, overrides);
  grid.models.forEach((model, i) => {
    if (!fs.existsSync(model.config)) throw new UserError(`${file}: models[${i}].config: ${model.config} not found`);
  });
  return { ...grid, name, out: grid.out ?? path.join('results', 'benchmarks', name) };
}
