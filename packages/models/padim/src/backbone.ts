import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { BackboneSpec, FeatureExtractor, pretrainedModelsDir } from '@anomaly-zoo/components';
import type { PadimBackboneConfig } from './config';

/** The backbone spec a config asks for: `path`, else `<models dir>/<model>`, or the hub. */
export function backboneSpecFor(config: PadimBackboneConfig): BackboneSpec {
  const common = { layers: [...config.layers], inputSize: config.input_size };
  if (config.source === 'hub') return { source: 'hub', version: config.version, alpha: config.alpha, ...common };
  const root = pretrainedModelsDir();
  const dir = config.path ? path.resolve(config.path) : root && path.join(root, config.model);
  if (!dir) throw new UserError(`model.backbone.path: no models directory (set ANOMALY_ZOO_MODELS or model.backbone.path) to find ${config.model}`);
  if (!fs.existsSync(path.join(dir, 'model.json'))) throw new UserError(`model.backbone.path: no model.json in ${dir}`);
  return { source: 'local', path: dir, ...common };
}

export async function loadBackbone(config: PadimBackboneConfig, batchSize: number, log: (message: string) => void): Promise<FeatureExtractor> {
  return FeatureExtractor.load(backboneSpecFor(config), { batchSize, log });
}

/** FeatureExtractor.id without its location: the same weights found elsewhere are the same backbone. */
export function comparableBackboneId(id: string): string {
  const { location: _location, ...rest } = JSON.parse(id) as Record<string, unknown>;
  return JSON.stringify(rest);
}
