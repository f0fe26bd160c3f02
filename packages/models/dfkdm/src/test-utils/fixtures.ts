import type { ModelContext, Preprocessing } from '@anomaly-zoo/core';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { defaultConfig, GeneratedData, generatedData, pretrainedModel } from '@anomaly-zoo/testing';
import type { DfkdmConfig } from '../config';
import { dfkdm } from '../index';

export const TEST_BACKBONE = 'mobilenet_v1_0.25_224';
const SMALL_BACKBONE = { model: TEST_BACKBONE, alpha: 0.25, fallback_to_hub: false };

/** `<models dir>/mobilenet_v1_0.25_224` when present; otherwise undefined, after printing why tests are skipped. */
export function testBackboneDir(): string | undefined {
  return pretrainedModel(pretrainedModelsDir(), TEST_BACKBONE);
}

/** The seed recipe (embedding layer, average pooling, PCA 16, max-norm, Scott) on the small test backbone, no disk cache unless asked. */
export function testConfig(overrides: Partial<DfkdmConfig> = {}): DfkdmConfig {
  return defaultConfig<DfkdmConfig>(dfkdm, {
    backbone: { ...SMALL_BACKBONE, layers: ['global_average_pooling2d_1'] },
    pooling: 'avg', normalise_layers: false, pca_components: 16, scaling: 'max_norm', shrinkage: 'none', feature_cache: false,
    ...overrides,
  });
}

/** The committed defaults' recipe (two layers, GeM, per-layer L2, no PCA, Ledoit–Wolf) on the small test backbone. */
export function multiLayerGemConfig(overrides: Partial<DfkdmConfig> = {}): DfkdmConfig {
  return defaultConfig<DfkdmConfig>(dfkdm, { backbone: SMALL_BACKBONE, feature_cache: false, ...overrides });
}

export function contextFor(preprocessing: Preprocessing, seed = 3): ModelContext {
  return { preprocessing, seed, log: () => undefined };
}

/** The generated set these tests (and legacy-v1's scores) use: textured normals, generated at `size`², seed 5. */
export function generatedSplits(size: number, counts = { train: 24, testGood: 8, perDefect: 4 }): Promise<GeneratedData> {
  return generatedData({ size, generatedSize: size, style: 'texture', seed: 5, ...counts });
}
