import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { BackboneSpec, FeatureExtractor, HUB_EMBEDDING_NODES, LAYERS_EMBEDDING_LAYER, pretrainedModelsDir } from '@anomaly-zoo/components';
import type { BackboneConfig } from './config';

/** What a saved model records about its backbone, so loading rebuilds exactly the same one. */
export interface BackboneReference {
  spec: BackboneSpec;
  /** FeatureExtractor.id at fit time: names the weights (sha256 of model.json), layers, input size and range. */
  id: string;
}

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
  return { source: 'hub', version: config.version, alpha: config.alpha, layers: hubLayers(config), inputSize: config.input_size };
}

function localDir(config: BackboneConfig): string | undefined {
  if (config.path) return path.resolve(config.path);
  const root = pretrainedModelsDir();
  return root && path.join(root, config.model);
}

function hubLayers(config: BackboneConfig): string[] {
  const embedding = HUB_EMBEDDING_NODES[config.version];
  return config.layers.map((layer) => (layer === LAYERS_EMBEDDING_LAYER ? embedding : layer));
}

export async function loadBackbone(spec: BackboneSpec, log: (message: string) => void): Promise<FeatureExtractor> {
  return FeatureExtractor.load(spec, { log });
}

/** Loads the backbone a saved model names and checks it is the same network (same model.json, layers, size, range). */
export async function loadReferencedBackbone(reference: BackboneReference, config: BackboneConfig, file: string, log: (message: string) => void): Promise<FeatureExtractor> {
  let spec = reference.spec;
  if (spec.source === 'local' && !(spec.path && fs.existsSync(path.join(spec.path, 'model.json')))) {
    log(`backbone: ${spec.path} (recorded in ${file}) is gone; looking where the config points`);
    spec = backboneSpecFor(config, log);
  }
  const extractor = await loadBackbone(spec, log);
  const wanted = comparableId(reference.id);
  const got = comparableId(extractor.id);
  if (wanted !== got) {
    extractor.dispose();
    throw new UserError(`${file}: the backbone found (${extractor.id}) is not the one this model was fitted with (${reference.id})`);
  }
  return extractor;
}

/** The id without its location: the same weights found in another directory are the same backbone. */
function comparableId(id: string): string {
  const { location: _location, ...rest } = JSON.parse(id) as Record<string, unknown>;
  return JSON.stringify(rest);
}
