import { UserError } from '@anomaly-zoo/core';

/**
 * Which pretrained network a model's features come from, as its saved state records it: where the network was read
 * (for messages) and what makes two networks give the same features (weights, layers, input size and range).
 */
export interface BackboneRef {
  /** local: a TF.js model directory; hub: a published MobileNet. */
  source: 'local' | 'hub';
  /** local: the directory model.json was read from; hub: the URL it was downloaded from. */
  location: string;
  /** sha256 of model.json: names the weights wherever they lie. */
  modelJsonSha256: string;
  /** Layers (LayersModel) or graph nodes (GraphModel) whose outputs are the features, in order. */
  layers: string[];
  /** Side of the square network input. */
  inputSize: number;
  /** Value range the network's input is scaled to. */
  inputRange: [number, number];
  /** 'fused': a LayersModel run as the fused conv/batch-norm/relu chain, which rounds apart from layer by layer. */
  implementation?: 'fused';
}

/** The fields that make two backbones the same network: not where it lies, nor (see extractorId) what runs it. */
const IDENTITY: ReadonlyArray<keyof BackboneRef> = ['source', 'modelJsonSha256', 'layers', 'inputSize', 'inputRange', 'implementation'];

/**
 * A FeatureExtractor's id, the identity of its features in caches: the reference, plus the engine that runs it when
 * that is not tfjs (another engine rounds the last bits differently). The exact string older versions wrote, so
 * feature caches written then still hit.
 */
export function extractorId(ref: BackboneRef, engine?: string): string {
  return JSON.stringify({ backbone: 1, ...ref, ...(engine ? { engine } : {}) });
}

/**
 * The reference a saved model holds, in any form it was ever written: a BackboneRef; the id string (a FeatureExtractor
 * id, JSON) PaDiM and PatchCore saved in version 1; or DFKDM's `{ spec, id }` of versions 1 and 2. `file` names the
 * saved model in errors.
 */
export function readBackboneRef(saved: unknown, file: string): BackboneRef {
  const legacyId = typeof saved === 'string' ? saved : isObject(saved) && typeof saved.id === 'string' && 'spec' in saved ? saved.id : undefined;
  let value: unknown = saved;
  if (legacyId !== undefined) {
    try {
      value = JSON.parse(legacyId);
    } catch {
      throw new UserError(`${file}: the backbone id is not JSON (${legacyId.slice(0, 60)})`);
    }
  }
  if (!isObject(value)) throw new UserError(`${file}: backbone: expected a backbone reference, got ${JSON.stringify(value)}`);
  const bad = (key: string) => new UserError(`${file}: backbone.${key}: not a valid value (${JSON.stringify(value[key])})`);
  if (value.source !== 'local' && value.source !== 'hub') throw bad('source');
  for (const key of ['location', 'modelJsonSha256'] as const) if (typeof value[key] !== 'string') throw bad(key);
  if (!Array.isArray(value.layers) || value.layers.length === 0 || !value.layers.every((l) => typeof l === 'string')) throw bad('layers');
  if (!Number.isInteger(value.inputSize) || (value.inputSize as number) < 1) throw bad('inputSize');
  const range = value.inputRange;
  if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite)) throw bad('inputRange');
  if (value.implementation !== undefined && value.implementation !== 'fused') throw bad('implementation');
  return {
    source: value.source,
    location: value.location as string,
    modelJsonSha256: value.modelJsonSha256 as string,
    layers: [...(value.layers as string[])],
    inputSize: value.inputSize as number,
    inputRange: [range[0], range[1]],
    ...(value.implementation === 'fused' ? { implementation: 'fused' as const } : {}),
  };
}

/**
 * Stops a saved model (`file`) from being scored through another network than the one it was fitted with; the
 * message names each field that differs.
 */
export function checkSameBackbone(file: string, found: BackboneRef, fitted: BackboneRef): void {
  const differences = IDENTITY.filter((key) => JSON.stringify(found[key]) !== JSON.stringify(fitted[key])).map(
    (key) => `${key} ${JSON.stringify(found[key]) ?? 'none'} (fitted: ${JSON.stringify(fitted[key]) ?? 'none'})`,
  );
  if (differences.length > 0) {
    throw new UserError(`${file}: the backbone found at ${found.location} is not the one this model was fitted with (${fitted.location}): ${differences.join('; ')}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fitted state's JSON as it records its backbone now: `backbone`, a BackboneRef, from version 2 on. */
export interface BackboneStateJson {
  kind: string;
  version: 2;
  backbone: BackboneRef;
}

/** The same state as version 1 wrote it (PaDiM, PatchCore): the backbone as an id string, its layers beside it. */
export type LegacyStateJson<S extends BackboneStateJson> = Omit<S, 'version' | 'backbone'> & { version: 1; backboneId: string; layers: string[] };

/** A fitted state read in either version, in the current form; `file` names it in errors. */
export function upgradeState<S extends BackboneStateJson>(saved: S | LegacyStateJson<S>, file: string): S {
  if (saved.version === 2) return { ...saved, backbone: readBackboneRef(saved.backbone, file) };
  const { backboneId, layers: _layers, version: _version, ...rest } = saved;
  return { ...rest, version: 2, backbone: readBackboneRef(backboneId, file) } as unknown as S;
}
