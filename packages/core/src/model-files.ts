import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { writeFileAtomic } from './atomic';
import { checkRelativeName, ModelSource, sourceIO } from './model-source';

export { weightBytes } from './weight-bytes';

const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs IOHandler over a directory holding `model.json` and its weight shards, for Node without
 * tfjs-node (plain tfjs has no file:// loader). Loads LayersModel and GraphModel formats; saves one
 * shard, in the same layout a browser can fetch.
 */
export function directoryIO(dir: string): tf.io.IOHandler {
  return {
    load: sourceIO(directorySource(dir)).load,
    save: async (artifacts) => saveArtifacts(dir, artifacts),
  };
}

/**
 * A saved model in a Node directory. A name that resolves (after links) outside `dir` is refused; a missing file is
 * undefined.
 */
export function directorySource(dir: string): ModelSource {
  return {
    location: dir,
    describe: (name) => path.join(dir, name),
    async read(name) {
      if (!fs.existsSync(path.resolve(dir, checkRelativeName(name, dir)))) return undefined;
      return fs.readFileSync(confinedFile(dir, name, path.join(dir, name)));
    },
    child: (name) => directorySource(path.join(dir, checkRelativeName(name, dir))),
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
  writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      weightDataBytes: weights.byteLength,
    },
  };
}
