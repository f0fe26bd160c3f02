import type { ModelDefinition } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { convAe } from '@anomaly-zoo/model-conv-ae';
import { denseAe } from '@anomaly-zoo/model-dense-ae';
import { padim } from '@anomaly-zoo/model-padim';
import { patchcore } from '@anomaly-zoo/model-patchcore';
import { dfkdm } from '@anomaly-zoo/model-dfkdm';
import { dfm } from '@anomaly-zoo/model-dfm';
import { latentKde } from '@anomaly-zoo/model-latent-kde';
import { vae } from '@anomaly-zoo/model-vae';

/**
 * Every model anomaly-zoo knows, by the name configs use. Adding a model means adding its package
 * and one line here; nothing else in the tree changes.
 */
export const MODELS = {
  'conv-ae': convAe,
  'dense-ae': denseAe,
  dfkdm,
  dfm,
  'latent-kde': latentKde,
  vae,
  padim,
  patchcore,
} satisfies Record<string, ModelDefinition>;

export type ModelName = keyof typeof MODELS;

export function modelNames(): ModelName[] {
  return Object.keys(MODELS) as ModelName[];
}

export function getModel(name: string): ModelDefinition {
  if (!Object.prototype.hasOwnProperty.call(MODELS, name)) {
    throw new UserError(`unknown model '${name}' (known: ${modelNames().join(', ')})`);
  }
  return MODELS[name as ModelName];
}
