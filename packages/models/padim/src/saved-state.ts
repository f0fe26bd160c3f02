import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Preprocessing, UserError, writeFileAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
import type { FeatureLayout } from './features';

export const STATE_JSON = 'padim.json';
export const STATE_BIN = 'padim.bin';

/** What padim.json holds; padim.bin holds the means [P, d] then the whitening factors [P, d, d], float32 LE. */
export interface PadimStateJson {
  kind: 'padim';
  version: 1;
  /** FeatureExtractor.id of the fitted backbone (weights sha256, layers, input size and range). */
  backboneId: string;
  layers: string[];
  layout: FeatureLayout;
  preprocessing: Preprocessing;
  samples: number;
  ridge: number;
}

export interface PadimState {
  json: PadimStateJson;
  mean: tf.Tensor2D;
  whitening: tf.Tensor3D;
}

export function saveState(dir: string, state: PadimState): void {
  if (os.endianness() !== 'LE') throw new Error('padim: saving needs a little-endian host');
  const mean = state.mean.dataSync() as Float32Array;
  const whitening = state.whitening.dataSync() as Float32Array;
  const bytes = new Uint8Array((mean.length + whitening.length) * 4);
  bytes.set(new Uint8Array(mean.buffer, mean.byteOffset, mean.byteLength), 0);
  bytes.set(new Uint8Array(whitening.buffer, whitening.byteOffset, whitening.byteLength), mean.byteLength);
  writeFileAtomic(path.join(dir, STATE_BIN), bytes);
  writeJsonAtomic(path.join(dir, STATE_JSON), state.json);
}

export function loadState(dir: string): PadimState {
  if (os.endianness() !== 'LE') throw new Error('padim: loading needs a little-endian host');
  const jsonFile = path.join(dir, STATE_JSON);
  const binFile = path.join(dir, STATE_BIN);
  if (!fs.existsSync(jsonFile)) throw new UserError(`${jsonFile}: missing (not a saved PaDiM model)`);
  let json: PadimStateJson;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as PadimStateJson;
  } catch (error) {
    throw new UserError(`${jsonFile}: not valid JSON (${(error as Error).message})`);
  }
  if (json.kind !== 'padim' || json.version !== 1) throw new UserError(`${jsonFile}: expected kind 'padim' version 1`);
  if (!fs.existsSync(binFile)) throw new UserError(`${binFile}: missing`);
  const positions = json.layout.grid * json.layout.grid;
  const dims = json.layout.channels.length;
  const meanSize = positions * dims;
  const raw = fs.readFileSync(binFile);
  if (raw.byteLength !== (meanSize + meanSize * dims) * 4) {
    throw new UserError(`${binFile}: ${raw.byteLength} bytes, expected ${(meanSize + meanSize * dims) * 4} for a ${json.layout.grid}² grid of ${dims} channels`);
  }
  const values = new Float32Array(raw.byteLength / 4);
  new Uint8Array(values.buffer).set(raw);
  return {
    json,
    mean: tf.tensor2d(values.subarray(0, meanSize), [positions, dims]),
    whitening: tf.tensor3d(values.subarray(meanSize), [positions, dims, dims]),
  };
}
