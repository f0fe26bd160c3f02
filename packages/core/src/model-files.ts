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
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const shard of group.paths) {
      const shardPath = path.join(dir, shard);
      if (!fs.existsSync(shardPath)) throw new UserError(`${shardPath}: weight shard named in model.json is missing`);
      buffers.push(fs.readFileSync(shardPath));
    }
  }
  const joined = Buffer.concat(buffers);
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
