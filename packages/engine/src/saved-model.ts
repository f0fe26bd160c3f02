import * as path from 'path';
import { AnomalyModel, describeError, directorySource, GraphRuntime, JsonSchema, MANIFEST_FILE, ModelContext, ModelSource, Preprocessing, readSourceJson, UserError, writeDirAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
// Type only: this loader is in the browser bundle, eval's index is not.
import type { NormalisationStats, Threshold } from '@anomaly-zoo/eval';
import { getModel } from '@anomaly-zoo/registry';
import { validateAgainst } from './config/validate';
import { checkSavedTiling, gridOf, savedTilingSchema, tilePreprocessing, Tiling } from './tiling/config';
import { positionName, TiledModel } from './tiling/tiled-model';

export { MANIFEST_FILE };

/** The names the run's stages use for eval's threshold and normalisation, as a manifest holds them. */
export type { Threshold as ThresholdInfo, NormalisationStats as NormalisationInfo };

/** Everything besides the weights that scoring a new image needs; lives beside the weights. */
export interface ModelManifest {
  format: 'anomaly-zoo-model';
  version: 1;
  model: string;
  model_config: Record<string, unknown>;
  preprocessing: Preprocessing;
  threshold: Threshold;
  normalisation: NormalisationStats;
  seed: number;
  backend: string;
  created: string;
  /** A tiled model: `preprocessing` is the whole image it cuts, the saved weights score one tile. */
  tiling?: Tiling;
}

const finite = { type: 'number' } as const;
/** Larger than any preprocessing a model here was trained at; bounds what a manifest can make a loader allocate. */
const MAX_SIDE = 8192;

/** What a manifest must hold before anything is allocated from it (JSON has no NaN; null and strings fail `number`). */
const manifestSchema: JsonSchema = {
  type: 'object',
  required: ['format', 'version', 'model', 'model_config', 'preprocessing', 'threshold', 'normalisation', 'seed'],
  properties: {
    format: { const: 'anomaly-zoo-model' },
    version: { const: 1 },
    model: { type: 'string', minLength: 1 },
    model_config: { type: 'object' },
    preprocessing: {
      type: 'object',
      required: ['height', 'width', 'channels'],
      properties: {
        height: { type: 'integer', minimum: 1, maximum: MAX_SIDE },
        width: { type: 'integer', minimum: 1, maximum: MAX_SIDE },
        channels: { enum: [1, 3] },
      },
    },
    threshold: { type: 'object', required: ['value', 'strategy'], properties: { value: finite, strategy: { type: 'string' } } },
    normalisation: { type: 'object', required: ['threshold', 'min', 'max'], properties: { threshold: finite, min: finite, max: finite } },
    seed: { type: 'integer' },
    tiling: savedTilingSchema,
  },
};

export async function saveModelDir(dir: string, model: AnomalyModel, manifest: ModelManifest): Promise<void> {
  await writeDirAtomic(dir, async (temp) => {
    await model.save(temp);
    writeJsonAtomic(path.join(temp, MANIFEST_FILE), manifest);
  });
}

/** Reads and checks a saved model's manifest: one line naming the file and the key for anything malformed. */
export async function readManifest(source: ModelSource): Promise<ModelManifest> {
  const file = source.describe(MANIFEST_FILE);
  const manifest = await readSourceJson(source, MANIFEST_FILE);
  if (manifest === undefined) throw new UserError(`${source.location}: not a saved anomaly-zoo model (no ${MANIFEST_FILE})`);
  const claimed = manifest as Partial<ModelManifest> | null;
  if (claimed?.format !== 'anomaly-zoo-model' || claimed.version !== 1) {
    throw new UserError(`${file}: unsupported model format ${JSON.stringify(claimed?.format)} version ${JSON.stringify(claimed?.version)}`);
  }
  validateAgainst(manifestSchema, manifest, file);
  const checked = manifest as ModelManifest;
  if (checked.normalisation.min > checked.normalisation.max) throw new UserError(`${file}: normalisation: min is above max`);
  if (checked.tiling) checkSavedTiling(checked.tiling, file, checked.preprocessing);
  return checked;
}

export interface LoadedModel {
  model: AnomalyModel;
  manifest: ModelManifest;
}

/**
 * A saved model (weights, fitted state, manifest) read through `source`: a directory, a URL or a page's files.
 * `pretrainedModels` is where backbones come from when not from this machine's models directory; `runtime` where
 * their inference runs (ModelContext.runtime).
 */
export async function loadSavedModel(
  source: ModelSource, log: ModelContext['log'], where: { pretrainedModels?: ModelSource; runtime?: GraphRuntime } = {},
): Promise<LoadedModel> {
  const { pretrainedModels, runtime } = where;
  const manifest = await readManifest(source);
  const definition = getModel(manifest.model);
  validateAgainst(definition.schema, manifest.model_config, source.describe(MANIFEST_FILE), 'model_config');
  const tiling = manifest.tiling;
  const preprocessing = tiling ? tilePreprocessing(tiling, manifest.preprocessing.channels) : manifest.preprocessing;
  const ctx: ModelContext = { preprocessing, seed: manifest.seed, log, pretrainedModels, runtime };
  let model: AnomalyModel;
  try {
    if (tiling?.ensemble) {
      const models: AnomalyModel[] = [];
      for (const [t] of gridOf(tiling).origins.entries()) models.push(await definition.load(source.child(positionName(t)), manifest.model_config, ctx));
      return { model: new TiledModel(models, gridOf(tiling), tiling.reduction), manifest };
    }
    model = await definition.load(source, manifest.model_config, ctx);
  } catch (error) {
    // Whatever the files hold is the user's input: a topology tfjs rejects is a broken model, not a bug here.
    if (error instanceof UserError) throw error;
    throw new UserError(`${source.location}: cannot load the saved ${manifest.model} model (${describeError(error)})`);
  }
  return { model: tiling ? new TiledModel([model], gridOf(tiling), tiling.reduction) : model, manifest };
}

/** A saved model from a directory on this machine. */
export function loadModelDir(dir: string, log: ModelContext['log'], runtime?: GraphRuntime): Promise<LoadedModel> {
  return loadSavedModel(directorySource(dir), log, { runtime });
}
