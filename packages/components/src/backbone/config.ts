import * as fs from 'fs';
import * as path from 'path';
import { ConfigObject, Enum, GraphRuntime, isUserError, ModelContext, ModelSource, Static, Type, UserError } from '@anomaly-zoo/core';
import { FeatureExtractor } from './feature-extractor';
import { HUB_EMBEDDING_NODES } from './hub';
import { LAYERS_EMBEDDING_LAYER, pretrainedModelsDir } from './models-dir';
import { BackboneRef, checkSameBackbone } from './reference';
import { BACKBONE_SOURCES, BackboneSpec, MOBILENET_VERSIONS } from './spec';

/**
 * The schema of a `model.backbone` block, shared by every model built on a pretrained MobileNet; models choose the
 * default layers and whether to fall back to the hub.
 */
export function backboneConfigSchema(defaults: { layers: string[]; fallbackToHub: boolean }) {
  return ConfigObject({
    /** local: a TF.js model directory; hub: the published @tensorflow-models/mobilenet weights (needs internet once). */
    source: Enum(BACKBONE_SOURCES, { default: 'local' }),
    /** Local model directory; default `<models dir>/<model>` ($ANOMALY_ZOO_MODELS, else ../shared/models). */
    path: Type.Optional(Type.String({ minLength: 1 })),
    /** Model folder name under the models directory when `path` is not given. */
    model: Type.String({ minLength: 1, default: 'mobilenet_v1_0.75_224' }),
    /** hub (and the fallback to it) only. */
    version: Enum(MOBILENET_VERSIONS, { default: 1 }),
    /** hub (and the fallback to it) only. */
    alpha: Type.Number({ exclusiveMinimum: 0, default: 0.75 }),
    /** Layers (or graph nodes) whose outputs are used, in order. */
    layers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, default: defaults.layers }),
    input_size: Type.Integer({ minimum: 32, maximum: 1024, default: 224 }),
    /** Try the hub when the local directory is missing. */
    fallback_to_hub: Type.Boolean({ default: defaults.fallbackToHub }),
  }, { default: {} });
}

/** The `model.backbone` block of a config, every default filled in. */
export type BackboneConfig = Static<ReturnType<typeof backboneConfigSchema>>;

/**
 * The spec a config asks for: a local directory (`path`, else `<models dir>/<model>`), or the hub. A missing
 * local directory falls back to the hub when `fallback_to_hub` is set; the Keras embedding layer is then
 * translated to the hub graph's embedding node (other layer names differ between the two and cannot be).
 */
export function backboneSpecFor(config: BackboneConfig, log: (message: string) => void): BackboneSpec {
  const common = { layers: [...config.layers], inputSize: config.input_size };
  if (config.source === 'hub') return { source: 'hub', version: config.version, alpha: config.alpha, ...common };
  const dir = localDir(config);
  if (dir && fs.existsSync(path.join(dir, 'model.json'))) return { source: 'local', path: dir, ...common };
  const where = dir ?? `<models dir>/${config.model} (no models dir: set ANOMALY_ZOO_MODELS or model.backbone.path)`;
  if (!config.fallback_to_hub) throw new UserError(`model.backbone.path: no model.json in ${where}`);
  log(`backbone: no local model at ${where}; falling back to the TF Hub MobileNet V${config.version} ${config.alpha}`);
  const embedding = HUB_EMBEDDING_NODES[config.version];
  const layers = config.layers.map((layer) => (layer === LAYERS_EMBEDDING_LAYER ? embedding : layer));
  return { source: 'hub', version: config.version, alpha: config.alpha, layers, inputSize: config.input_size };
}

function localDir(config: BackboneConfig): string | undefined {
  if (config.path) return path.resolve(config.path);
  const root = pretrainedModelsDir();
  return root && path.join(root, config.model);
}

/** Where a configured backbone runs and is read from. */
export interface BackboneLoadOptions {
  /** Runs the asynchronous feature methods natively (ONNX Runtime) where the network can be exported; default tfjs. */
  runtime?: GraphRuntime;
  /** Pretrained models read from here instead of the disk (e.g. a folder a page serves). */
  models?: ModelSource;
}

/** Where a model's backbone runs and is read from, as its context says. */
export function backboneLoadOptions(ctx: Pick<ModelContext, 'runtime' | 'pretrainedModels'>): BackboneLoadOptions {
  return { runtime: ctx.runtime, models: ctx.pretrainedModels };
}

/**
 * The extractor a `model.backbone` block asks for, running at most `batchSize` images per forward pass (its default
 * when undefined).
 */
export async function loadConfiguredBackbone(
  config: BackboneConfig, batchSize: number | undefined, log: (message: string) => void, options: BackboneLoadOptions = {},
): Promise<FeatureExtractor> {
  const { runtime, models } = options;
  if (models && config.source === 'local') {
    const spec: BackboneSpec = { source: 'local', path: config.path ?? config.model, layers: [...config.layers], inputSize: config.input_size };
    return FeatureExtractor.load(spec, { batchSize, log, models, runtime });
  }
  return FeatureExtractor.load(backboneSpecFor(config, log), { batchSize, log, runtime });
}

/** How a saved model's backbone is loaded: its batch size and log, and where it runs and is read from. */
export interface FittedBackboneOptions extends BackboneLoadOptions {
  /** Images per forward pass; default the extractor's. */
  batchSize?: number;
  log: (message: string) => void;
}

/**
 * The backbone of a saved model (`file` names it in messages), which recorded `fitted`: found where the config
 * points, as when fitting; when that place holds no model any more but the directory the model was fitted from
 * still does, from there. Refused (UserError) unless it is the very network the model was fitted with.
 */
export async function loadBackbone(fitted: BackboneRef, config: BackboneConfig, file: string, options: FittedBackboneOptions): Promise<FeatureExtractor> {
  const { batchSize, log, ...where } = options;
  let extractor: FeatureExtractor;
  try {
    extractor = await loadConfiguredBackbone(config, batchSize, log, where);
  } catch (error) {
    const recorded = fitted.source === 'local' && !where.models && fs.existsSync(path.join(fitted.location, 'model.json'));
    if (!isUserError(error) || !recorded) throw error;
    log(`backbone: ${error.message.split('\n')[0]}; using ${fitted.location}, recorded in ${file}`);
    extractor = await FeatureExtractor.load({ source: 'local', path: fitted.location, layers: fitted.layers, inputSize: fitted.inputSize }, { batchSize, log, runtime: where.runtime });
  }
  try {
    checkSameBackbone(file, extractor.ref, fitted);
  } catch (error) {
    extractor.dispose();
    throw error;
  }
  return extractor;
}
