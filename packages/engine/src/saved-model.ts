import * as fs from 'fs';
import * as path from 'path';
import { AnomalyModel, ModelContext, Preprocessing, UserError, writeDirAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { getModel } from '@anomaly-zoo/registry';

export const MANIFEST_FILE = 'anomaly-zoo.json';

export interface ThresholdInfo {
  value: number;
  strategy: string;
  note?: string;
}

export interface NormalisationInfo {
  threshold: number;
  min: number;
  max: number;
}

/** Everything besides the weights that scoring a new image needs; lives beside the weights. */
export interface ModelManifest {
  format: 'anomaly-zoo-model';
  version: 1;
  model: string;
  model_config: Record<string, unknown>;
  preprocessing: Preprocessing;
  threshold: ThresholdInfo;
  normalisation: NormalisationInfo;
  seed: number;
  backend: string;
  created: string;
}

export async function saveModelDir(dir: string, model: AnomalyModel, manifest: ModelManifest): Promise<void> {
  await writeDirAtomic(dir, async (temp) => {
    await model.save(temp);
    writeJsonAtomic(path.join(temp, MANIFEST_FILE), manifest);
  });
}

export function readManifest(dir: string): ModelManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new UserError(`${dir}: not a saved anomaly-zoo model (no ${MANIFEST_FILE})`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelManifest;
  if (manifest.format !== 'anomaly-zoo-model' || manifest.version !== 1) {
    throw new UserError(`${file}: unsupported model format ${JSON.stringify(manifest.format)} version ${JSON.stringify(manifest.version)}`);
  }
  return manifest;
}

export async function loadModelDir(dir: string, log: ModelContext['log']): Promise<{ model: AnomalyModel; manifest: ModelManifest }> {
  const manifest = readManifest(dir);
  const definition = getModel(manifest.model);
  const model = await definition.load(dir, manifest.model_config, { preprocessing: manifest.preprocessing, seed: manifest.seed, log });
  return { model, manifest };
}
