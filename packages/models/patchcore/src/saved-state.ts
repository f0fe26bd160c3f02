import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ModelSource, Preprocessing, readSavedState, readSourceFloat32, writeFloat32Atomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { BackboneRef, FittedStateFormat, LegacyStateJson, upgradeState } from '@anomaly-zoo/components';
import type { PatchLayout } from './patch-features';

export const STATE_JSON = 'patchcore.json';
export const STATE_BIN = 'patchcore.bin';

/**
 * What patchcore.json holds; patchcore.bin holds the projection [ΣC, dims] (when there is one) then the bank
 * [bankSize, dims], float32 LE. Version 1 recorded the backbone as `backboneId` (a FeatureExtractor id string) and
 * `layers`; it still loads.
 */
export interface PatchcoreStateJson {
  kind: 'patchcore';
  version: 2;
  /** The backbone fitted with (weights sha256, layers, input size and range). */
  backbone: BackboneRef;
  layout: PatchLayout;
  /** Dimensions of the saved feature projection; 0 when the features are used as they are. */
  projectionDims: number;
  /** Dimensions of a bank row (projectionDims, else ΣC). */
  dims: number;
  bankSize: number;
  /** Training patches the bank was selected from. */
  patches: number;
  preprocessing: Preprocessing;
}

export interface PatchcoreState {
  json: PatchcoreStateJson;
  projection?: tf.Tensor2D;
  bank: tf.Tensor2D;
}

export function saveState(dir: string, state: PatchcoreState): void {
  const arrays = [state.projection, state.bank].filter((t): t is tf.Tensor2D => t !== undefined).map((t) => t.dataSync() as Float32Array);
  writeFloat32Atomic(path.join(dir, STATE_BIN), arrays);
  writeJsonAtomic(path.join(dir, STATE_JSON), state.json);
}

export async function loadState(source: ModelSource): Promise<PatchcoreState> {
  const saved = await readSavedState<PatchcoreStateJson | LegacyStateJson<PatchcoreStateJson>>(source, STATE_JSON, 'patchcore', [1, 2], 'PatchCore');
  const json = upgradeState(saved, source.describe(STATE_JSON));
  const channels = json.layout.layerChannels.reduce((a, b) => a + b, 0);
  const projectionSize = json.projectionDims > 0 ? channels * json.projectionDims : 0;
  const bankSize = json.bankSize * json.dims;
  const values = await readSourceFloat32(source, STATE_BIN, projectionSize + bankSize, `a ${json.bankSize}×${json.dims} bank${projectionSize ? ` and a ${channels}×${json.projectionDims} projection` : ''}`);
  return {
    json,
    projection: projectionSize ? tf.tensor2d(values.subarray(0, projectionSize), [channels, json.projectionDims]) : undefined,
    bank: tf.tensor2d(values.subarray(projectionSize), [json.bankSize, json.dims]),
  };
}

/** How PatchCore names itself and writes and reads its fitted state. */
export const PATCHCORE_STATE: FittedStateFormat<PatchcoreState> = { name: 'PatchCore', file: STATE_JSON, write: saveState, read: loadState };
