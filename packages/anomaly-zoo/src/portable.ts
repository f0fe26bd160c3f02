import type { ModelSource } from '@anomaly-zoo/core';
import { loadSavedModel } from '@anomaly-zoo/engine/saved-model';
import { getModel, modelNames } from '@anomaly-zoo/registry';
import { AnomalyDetector, ImageDecoder } from './detector';

// What the Node and browser entries share: no file system, no image decoder of its own.

export interface ModelInfo {
  name: string;
  description: string;
}

/** Every registered model, by the name configs use. */
export function listModels(): ModelInfo[] {
  return modelNames().map((name) => ({ name, description: getModel(name).description }));
}

export interface LoadOptions {
  /** Where loading notes go (e.g. which backbone was found); silent by default. */
  log?: (message: string) => void;
}

/** A saved model read through `source`, ready to score. */
export async function detectorFrom(source: ModelSource, options: LoadOptions, decode?: ImageDecoder): Promise<AnomalyDetector> {
  const { model, manifest } = await loadSavedModel(source, options.log ?? (() => undefined));
  return new AnomalyDetector(model, manifest, decode);
}
