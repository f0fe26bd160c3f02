import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { directorySource, ModelSource, readSourceJson, UserError } from '@anomaly-zoo/core';

export type ModelFormat = 'layers' | 'graph';

/** A TF.js model directory's model.json, read once: its format, its hash, its topology. */
export interface ModelDir {
  /** Where the model is (a directory or a URL), for messages. */
  dir: string;
  /** Its files. */
  source: ModelSource;
  format: ModelFormat;
  /** sha256 of the model.json bytes, hex. */
  sha256: string;
  json: { format?: string; modelTopology?: unknown };
}

export function readModelDir(dir: string): ModelDir {
  if (!fs.existsSync(dir)) throw new UserError(`${dir}: model directory does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir}: not a directory (give the folder holding model.json)`);
  const jsonPath = path.join(dir, 'model.json');
  if (!fs.existsSync(jsonPath)) throw new UserError(`${jsonPath}: missing; a TF.js model directory holds model.json and its weight files`);
  const bytes = fs.readFileSync(jsonPath);
  let json: ModelDir['json'];
  try {
    json = JSON.parse(bytes.toString('utf8')) as ModelDir['json'];
  } catch (error) {
    throw new UserError(`${jsonPath}: not valid JSON (${(error as Error).message})`);
  }
  return { dir, source: directorySource(dir), format: detectFormat(json, jsonPath), sha256: createHash('sha256').update(bytes).digest('hex'), json };
}

/** readModelDir for a model read through a source (no file system; the hash by Web Crypto, as in browsers). */
export async function readModelSource(source: ModelSource): Promise<ModelDir> {
  const bytes = await source.read('model.json');
  if (bytes === undefined) throw new UserError(`${source.describe('model.json')}: missing; a TF.js model folder holds model.json and its weight files`);
  const json = (await readSourceJson(source, 'model.json')) as ModelDir['json'];
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', Uint8Array.from(bytes)));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { dir: source.location, source, format: detectFormat(json, source.describe('model.json')), sha256, json };
}

/** `format` when the converter wrote one, else the topology's shape: a GraphDef has `node`, Keras JSON has `model_config`. */
export function detectFormat(json: ModelDir['json'], where: string): ModelFormat {
  if (json.format === 'layers-model') return 'layers';
  if (json.format === 'graph-model') return 'graph';
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (topology && typeof topology === 'object') {
    if (Array.isArray(topology.node)) return 'graph';
    if ('model_config' in topology || 'class_name' in topology) return 'layers';
  }
  throw new UserError(`${where}: neither a TF.js LayersModel nor a GraphModel (no format key, modelTopology has neither node nor model_config)`);
}

/** Node names of a GraphModel's GraphDef (functions in `library` excluded). */
export function graphNodeNames(json: ModelDir['json']): string[] {
  const nodes = (json.modelTopology as { node?: Array<{ name?: string }> } | undefined)?.node ?? [];
  return nodes.map((n) => n.name).filter((n): n is string => typeof n === 'string');
}
