import * as fs from 'fs';
import * as path from 'path';
import { AnomalyModel, describeError, GraphRuntime, JsonSchema, MANIFEST_FILE, ModelContext, Preprocessing, readJsonFile, UserError, writeDirAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { getModel } from '@anomaly-zoo/registry';
import { validateAgainst } from './config/validate';

export { MANIFEST_FILE };

export interface ThresholdInfo {
  value: number;
  strategy: string;
  note?: string;
}

export interface NormalisationInfo {
  threshold: number;
  min: number;
  max: number;
}

/** Everything besides the weights that scoring a new image needs; lives beside the weights. */
export interface ModelManifest {
  format: 'anomaly-zoo-model';
  version: 1;
  model: string;
  model_config: Record<string, unknown>;
  preprocessing: Preprocessing;
  threshold: ThresholdInfo;
  normalisation: NormalisationInfo;
  seed: number;
  backend: string;
  created: string;
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
  },
};

export async function saveModelDir(dir: string, model: AnomalyModel, manifest: ModelManifest): Promise<void> {
  await writeDirAtomic(dir, async (temp) => {
    await model.save(temp);
    writeJsonAtomic(path.join(temp, MANIFEST_FILE), manifest);
  });
}

/** Reads and checks a saved model's manifest: one line naming the file and the key for anything malformed. */
export function readManifest(dir: string): ModelManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new UserError(`${dir}: not a saved anomaly-zoo model (no ${MANIFEST_FILE})`);
  const manifest = readJsonFile(file);
  const claimed = manifest as Partial<ModelManifest> | null;
  if (claimed?.format !== 'anomaly-zoo-model' || claimed.version !== 1) {
    throw new UserError(`${file}: unsupported model format ${JSON.stringify(claimed?.format)} version ${JSON.stringify(claimed?.version)}`);
  }
  validateAgainst(manifestSchema, manifest, file);
  const checked = manifest as ModelManifest;
  if (checked.normalisation.min > checked.normalisation.max) throw new UserError(`${file}: normalisation: min is above max`);
  return checked;
}

/** The saved model in `dir`, its frozen backbone's inference on `runtime` when given (ModelContext.runtime). */
export async function loadModelDir(dir: string, log: ModelContext['log'], runtime?: GraphRuntime): Promise<{ model: AnomalyModel; manifest: ModelManifest }> {
  const manifest = readManifest(dir);
  const definition = getModel(manifest.model);
  validateAgainst(definition.schema, manifest.model_config, path.join(dir, MANIFEST_FILE), 'model_config');
  let model: AnomalyModel;
  try {
    model = await definition.load(dir, manifest.model_config, { preprocessing: manifest.preprocessing, seed: manifest.seed, log, runtime });
  } catch (error) {
    // Whatever the files hold is the user's input: a topology tfjs rejects is a broken model, not a bug here.
    if (error instanceof UserError) throw error;
    throw new UserError(`${dir}: cannot load the saved ${manifest.model} model (${describeError(error)})`);
  }
  return { model, manifest };
}
