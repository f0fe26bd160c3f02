import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { writeFileAtomic } from './atomic';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs IOHandler over a directory holding `model.json` and its weight shards, for Node without
 * tfjs-node (plain tfjs has no file:// loader). Loads LayersModel and GraphModel formats; saves one
 * shard, in the same layout a browser can fetch.
 */
export function directoryIO(dir: string): tf.io.IOHandler {
  return {
    load: async () => loadArtifacts(dir),
    save: async (artifacts) => saveArtifacts(dir, artifacts),
  };
}

function loadArtifacts(dir: string): tf.io.ModelArtifacts {
  const jsonPath = path.join(dir, MODEL_JSON);
  if (!fs.existsSync(jsonPath)) throw new UserError(`${jsonPath}: no model.json in this directory`);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new UserError(`${jsonPath}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(modelJson.weightsManifest ?? [])) throw new UserError(`${jsonPath}: weightsManifest must be a list`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) throw new UserError(`${jsonPath}: each weightsManifest group needs 'paths' and 'weights' lists`);
    specs.push(...group.weights);
    for (const shard of group.paths) buffers.push(fs.readFileSync(confinedFile(dir, shard, jsonPath)));
  }
  const joined = Buffer.concat(buffers);
  const expected = weightBytes(specs, jsonPath);
  if (joined.byteLength !== expected) {
    throw new UserError(`${jsonPath}: the weight files hold ${joined.byteLength} bytes but the manifest's weights need ${expected} (truncated or foreign weights)`);
  }
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    signature: modelJson.signature,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    modelInitializer: modelJson.modelInitializer,
    trainingConfig: modelJson.trainingConfig,
    weightSpecs: specs,
    weightData,
  };
}

/**
 * `name` (a path from a manifest) inside `dir`, after resolving links on both: a manifest must not make a
 * loader read files outside its own model directory.
 */
export function confinedFile(dir: string, name: unknown, manifest: string): string {
  if (typeof name !== 'string' || name === '') throw new UserError(`${manifest}: a weight file name must be a non-empty string`);
  const candidate = path.resolve(dir, name);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    throw new UserError(`${candidate}: weight shard named in ${path.basename(manifest)} is missing`);
  }
  const root = fs.realpathSync(dir);
  const relative = path.relative(root, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UserError(`${manifest}: weight file '${name}' lies outside the model directory ${dir}; refused`);
  }
  if (!fs.statSync(real).isFile()) throw new UserError(`${candidate}: weight shard named in ${path.basename(manifest)} is not a regular file`);
  return real;
}

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** The bytes the weight specs describe, one after another (what the shards must hold together). */
export function weightBytes(specs: readonly tf.io.WeightsManifestEntry[], manifest: string): number {
  let total = 0;
  for (const spec of specs) {
    const shape = spec?.shape;
    if (typeof spec?.name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new UserError(`${manifest}: weight spec ${JSON.stringify(spec?.name ?? null)}: needs a name and a shape of non-negative integers`);
    }
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = DTYPE_BYTES[dtype];
    if (bytes === undefined) throw new UserError(`${manifest}: weight spec '${spec.name}': unsupported dtype ${JSON.stringify(dtype)}`);
    total += shape.reduce((a, b) => a * b, 1) * bytes;
    if (!Number.isSafeInteger(total)) throw new UserError(`${manifest}: weight spec '${spec.name}': absurd size`);
  }
  return total;
}

function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): tf.io.SaveResult {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('directoryIO saves JSON model topologies only');
  }
  const weights = artifacts.weightData
    ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
    : new Uint8Array(0);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  writeFileAtomic(path.join(dir, WEIGHTS_BIN), weights);
  writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      weightDataBytes: weights.byteLength,
    },
  };
}
