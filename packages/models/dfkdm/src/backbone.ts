import * as fs from 'fs';
import * as path from 'path';
import type { GraphRuntime } from '@anomaly-zoo/core';
import { BackboneConfig, BackboneSpec, backboneSpecFor, checkFittedBackbone, FeatureExtractor } from '@anomaly-zoo/components';

export { backboneSpecFor };

/** What a saved model records about its backbone, so loading rebuilds exactly the same one. */
export interface BackboneReference {
  spec: BackboneSpec;
  /** FeatureExtractor.id at fit time: names the weights (sha256 of model.json), layers, input size and range. */
  id: string;
}

export async function loadBackbone(spec: BackboneSpec, log: (message: string) => void, runtime?: GraphRuntime): Promise<FeatureExtractor> {
  return FeatureExtractor.load(spec, { log, runtime });
}

/** Loads the backbone a saved model names and checks it is the same network (same model.json, layers, size, range). */
export async function loadReferencedBackbone(
  reference: BackboneReference, config: BackboneConfig, file: string, log: (message: string) => void, runtime?: GraphRuntime,
): Promise<FeatureExtractor> {
  let spec = reference.spec;
  if (spec.source === 'local' && !(spec.path && fs.existsSync(path.join(spec.path, 'model.json')))) {
    log(`backbone: ${spec.path} (recorded in ${file}) is gone; looking where the config points`);
    spec = backboneSpecFor(config, log);
  }
  const extractor = await loadBackbone(spec, log, runtime);
  try {
    checkFittedBackbone(file, extractor, reference.id);
  } catch (error) {
    extractor.dispose();
    throw error;
  }
  return extractor;
}
