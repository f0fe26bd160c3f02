import { ModelSource, urlSource } from '@anomaly-zoo/core';
import { loadSavedModel } from '@anomaly-zoo/engine/saved-model';
import { getModel, modelNames } from '@anomaly-zoo/registry';
import type { AnomalyModel, GraphRuntime } from '@anomaly-zoo/core';
import type { ModelManifest } from '@anomaly-zoo/engine/saved-model';
import type { EngineScorer } from '@anomaly-zoo/engine';
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
  /**
   * Where models over a pretrained backbone (PaDiM, PatchCore, DFKDM, DFM) find it: a folder holding backbone
   * folders by name (e.g. `mobilenet_v1_0.75_224/model.json`), as a URL or a ModelSource. Needed in browsers; in
   * Node the default is the local models directory ($ANOMALY_ZOO_MODELS).
   */
  pretrainedModels?: string | ModelSource;
}

/** Native inference for a loaded model (Node: ONNX Runtime); the browser entry has none. */
export interface NativeEngine {
  /** Where frozen backbones run (ModelContext.runtime). */
  runtime?: GraphRuntime;
  /** The model's whole scoring on the engine. */
  scoring(model: AnomalyModel, manifest: ModelManifest): Promise<EngineScorer>;
}

/** A saved model read through `source`, ready to score. */
export async function detectorFrom(source: ModelSource, options: LoadOptions, decode?: ImageDecoder, native?: NativeEngine): Promise<AnomalyDetector> {
  const pretrainedModels = typeof options.pretrainedModels === 'string' ? urlSource(options.pretrainedModels) : options.pretrainedModels;
  const { model, manifest } = await loadSavedModel(source, options.log ?? (() => undefined), { pretrainedModels, runtime: native?.runtime });
  try {
    return new AnomalyDetector(model, manifest, decode, native && (await native.scoring(model, manifest)));
  } catch (error) {
    model.dispose();
    throw error;
  }
}
