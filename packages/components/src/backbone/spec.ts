import { GraphRuntime, ModelSource, UserError } from '@anomaly-zoo/core';

/** Where a backbone's weights come from. */
export const BACKBONE_SOURCES = ['local', 'hub'] as const;
/** The MobileNet versions the hub publishes. */
export const MOBILENET_VERSIONS = [1, 2] as const;

/** What a feature extractor is built from (a `backbone` block of a model config). */
export interface BackboneSpec {
  /** `local`: a TF.js model directory; `hub`: the MobileNets that `@tensorflow-models/mobilenet` publishes. */
  source: (typeof BACKBONE_SOURCES)[number];
  /** local: directory holding model.json (LayersModel or GraphModel, told apart from the JSON). */
  path?: string;
  /** hub: MobileNet version (default 1). */
  version?: (typeof MOBILENET_VERSIONS)[number];
  /** hub: width multiplier (default 1.0); V1: 0.25, 0.5, 0.75, 1.0; V2: 0.5, 0.75, 1.0. */
  alpha?: number;
  /** Layer names (LayersModel) or node names (GraphModel) whose outputs are the features. */
  layers: string[];
  /** Side of the square network input; default the model's fixed input size, else 224. */
  inputSize?: number;
  /** Value range the network expects; default [-1, 1] for a LayersModel, [0, 1] for a GraphModel or the hub. */
  inputRange?: [number, number];
  /** hub: where downloaded models are kept (default `$ANOMALY_ZOO_CACHE/models`, else `~/.cache/anomaly-zoo/models`). */
  cacheDir?: string;
}

/** How to load, beside the spec: things a config file doesn't choose. */
export interface LoadOptions {
  /**
   * hub: where to download from instead of https://tfhub.dev/ (else env `ANOMALY_ZOO_HUB_URL`): a base URL laid out
   * like tfhub.dev (`<base>google/imagenet/mobilenet_v1_025_224/classification/1/model.json`) or a full model.json URL.
   */
  hubUrl?: string;
  /** hub: cache directory when the spec gives none. */
  cacheDir?: string;
  /** hub: give up on a download after this many milliseconds (default 120000). */
  downloadTimeoutMs?: number;
  /** Images per forward pass inside pooled()/spatial() (default 16). */
  batchSize?: number;
  /** Where progress notes go (a download, a cache write); default none. */
  log?: (message: string) => void;
  /** Runs the asynchronous feature methods natively (ONNX Runtime) where the network can be exported; default tfjs. */
  runtime?: GraphRuntime;
  /** local: read the model from `models.child(<folder name of path>)` instead of the disk (e.g. over http in a page). */
  models?: ModelSource;
}

/** Checks the parts of a spec that don't need the model; throws UserError naming the key. */
export function checkSpec(spec: BackboneSpec): void {
  if (spec.source !== 'local' && spec.source !== 'hub') {
    throw new UserError(`backbone.source: must be 'local' or 'hub', got ${JSON.stringify(spec.source)}`);
  }
  if (spec.source === 'local' && (typeof spec.path !== 'string' || spec.path.length === 0)) {
    throw new UserError(`backbone.path: a local backbone needs the directory holding model.json`);
  }
  if (!Array.isArray(spec.layers) || spec.layers.length === 0 || spec.layers.some((l) => typeof l !== 'string' || l === '')) {
    throw new UserError(`backbone.layers: give at least one layer (or graph node) name`);
  }
  const duplicate = spec.layers.find((l, i) => spec.layers.indexOf(l) !== i);
  if (duplicate !== undefined) throw new UserError(`backbone.layers: '${duplicate}' is listed twice`);
  if (spec.inputSize !== undefined && !(Number.isInteger(spec.inputSize) && spec.inputSize >= 1)) {
    throw new UserError(`backbone.inputSize: must be a positive integer, got ${spec.inputSize}`);
  }
  if (spec.inputRange !== undefined) {
    const r = spec.inputRange;
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] < r[1])) {
      throw new UserError(`backbone.inputRange: must be [low, high] with low < high, got ${JSON.stringify(r)}`);
    }
  }
}
