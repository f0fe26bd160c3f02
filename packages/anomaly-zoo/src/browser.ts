import { filesSource, ModelSource, NamedBlob, urlSource } from '@anomaly-zoo/core';
import { AnomalyDetector } from './detector';
import { detectorFrom, LoadOptions } from './portable';

export { AnomalyDetector } from './detector';
export type { Detection, ImageDataLike, ImageInput, Label, ScoreOptions } from './detector';
export { listModels } from './portable';
/** An anomaly map as RGB bytes (black → red → yellow → white between its own min and max), as tools/predict --maps draws it. */
export { heatMapRgb } from '@anomaly-zoo/eval';
export type { LoadOptions, ModelInfo } from './portable';
export { filesSource, urlSource } from '@anomaly-zoo/core';
export type { ModelSource, NamedBlob } from '@anomaly-zoo/core';
export type { ModelManifest } from '@anomaly-zoo/engine/saved-model';

/**
 * Loads a saved model in a page: from the URL of its `model/` folder (relative URLs resolve against the page), from
 * the files of an `<input type="file" multiple webkitdirectory>`, or from any ModelSource.
 */
export function loadModel(source: string | URL | ModelSource | Iterable<NamedBlob> | ArrayLike<NamedBlob>, options: LoadOptions = {}): Promise<AnomalyDetector> {
  const pretrainedModels = typeof options.pretrainedModels === 'string' ? pageUrl(options.pretrainedModels) : options.pretrainedModels;
  return detectorFrom(toSource(source), { ...options, pretrainedModels });
}

/** A URL relative to the page, made absolute. */
function pageUrl(url: string | URL): string {
  return new URL(String(url), globalThis.location?.href).href;
}

function toSource(source: string | URL | ModelSource | Iterable<NamedBlob> | ArrayLike<NamedBlob>): ModelSource {
  if (typeof source === 'string' || source instanceof URL) return urlSource(pageUrl(source));
  if ('read' in source && 'describe' in source) return source;
  return filesSource(Array.from(source as ArrayLike<NamedBlob>));
}
