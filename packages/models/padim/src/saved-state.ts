import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ModelSource, Preprocessing, readSavedState, readSourceFloat32, writeFloat32Atomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { BackboneRef, FittedStateFormat, LegacyStateJson, upgradeState } from '@anomaly-zoo/components';
import type { FeatureLayout } from './features';

export const STATE_JSON = 'padim.json';
export const STATE_BIN = 'padim.bin';

/**
 * What padim.json holds; padim.bin holds the means [P, d] then the whitening factors [P, d, d], float32 LE. Version 1
 * recorded the backbone as `backboneId` (a FeatureExtractor id string) and `layers`; it still loads.
 */
export interface PadimStateJson {
  kind: 'padim';
  version: 2;
  /** The backbone fitted with (weights sha256, layers, input size and range). */
  backbone: BackboneRef;
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
  writeFloat32Atomic(path.join(dir, STATE_BIN), [state.mean.dataSync() as Float32Array, state.whitening.dataSync() as Float32Array]);
  writeJsonAtomic(path.join(dir, STATE_JSON), state.json);
}

export async function loadState(source: ModelSource): Promise<PadimState> {
  const saved = await readSavedState<PadimStateJson | LegacyStateJson<PadimStateJson>>(source, STATE_JSON, 'padim', [1, 2], 'PaDiM');
  const json = upgradeState(saved, source.describe(STATE_JSON));
  const positions = json.layout.grid * json.layout.grid;
  const dims = json.layout.channels.length;
  const meanSize = positions * dims;
  const values = await readSourceFloat32(source, STATE_BIN, meanSize + meanSize * dims, `a ${json.layout.grid}² grid of ${dims} channels`);
  return {
    json,
    mean: tf.tensor2d(values.subarray(0, meanSize), [positions, dims]),
    whitening: tf.tensor3d(values.subarray(meanSize), [positions, dims, dims]),
  };
}

/** How PaDiM names itself and writes and reads its fitted state. */
export const PADIM_STATE: FittedStateFormat<PadimState> = { name: 'PaDiM', file: STATE_JSON, write: saveState, read: loadState };
