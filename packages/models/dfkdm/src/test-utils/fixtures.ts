import * as fs from 'fs';
import * as path from 'path';
import type { ModelContext, Preprocessing } from '@anomaly-zoo/core';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { generateSyntheticMvtec, ImageSet, loadMvtec } from '@anomaly-zoo/data';
import type { DfkdmConfig } from '../config';

export const TEST_BACKBONE = 'mobilenet_v1_0.25_224';

/** `<models dir>/mobilenet_v1_0.25_224` when present; otherwise undefined, after printing why tests are skipped. */
export function testBackboneDir(): string | undefined {
  const root = pretrainedModelsDir();
  const dir = root && path.join(root, TEST_BACKBONE);
  if (dir && fs.existsSync(path.join(dir, 'model.json'))) return dir;
  console.log(`skipping DFKDM tests that need ${TEST_BACKBONE}: not found (set ANOMALY_ZOO_MODELS to the folder of pretrained models, e.g. ../shared/models)`);
  return undefined;
}

/** The seed recipe (embedding layer, average pooling, PCA 16, max-norm, Scott) on the small test backbone, no disk cache unless asked. */
export function testConfig(overrides: Partial<DfkdmConfig> = {}): DfkdmConfig {
  return {
    backbone: {
      source: 'local', model: TEST_BACKBONE, version: 1, alpha: 0.25, layers: ['global_average_pooling2d_1'],
      input_size: 224, fallback_to_hub: false,
    },
    pooling: 'avg', gem_p: 3, normalise_layers: false,
    pca_components: 16, scaling: 'max_norm', density: 'kde', bandwidth: 'scott', shrinkage: 'none', max_training_points: 40000, ridge: 1e-6,
    feature_cache: false,
    ...overrides,
  };
}

/** The committed defaults' recipe (two layers, GeM, per-layer L2, no PCA, Ledoit–Wolf) on the small test backbone. */
export function multiLayerGemConfig(overrides: Partial<DfkdmConfig> = {}): DfkdmConfig {
  const base = testConfig();
  return testConfig({
    backbone: { ...base.backbone, layers: ['conv_pw_11_relu', 'conv_pw_13_relu'] },
    pooling: 'gem', normalise_layers: true, pca_components: 0, scaling: 'none', shrinkage: 'ledoit_wolf',
    ...overrides,
  });
}

export function contextFor(preprocessing: Preprocessing, seed = 3): ModelContext {
  return { preprocessing, seed, log: () => undefined };
}

export interface GeneratedSplits {
  train: ImageSet;
  test: ImageSet;
  testLabels: number[];
}

/** A small generated MVTec-layout set (textured normals; scratches, blobs, missing pieces), decoded at `size`. */
export async function generatedSplits(root: string, size: number, counts = { train: 24, testGood: 8, perDefect: 4 }): Promise<GeneratedSplits> {
  await generateSyntheticMvtec({
    root, category: 'texture', size, style: 'texture', seed: 5,
    trainCount: counts.train, testGoodCount: counts.testGood, defectsPerType: counts.perDefect,
  });
  const { train, test } = loadMvtec({ root, category: 'texture' });
  const pre: Preprocessing = { height: size, width: size, channels: 3 };
  return { train: new ImageSet(train, pre), test: new ImageSet(test, pre), testLabels: test.map((r) => r.label) };
}
