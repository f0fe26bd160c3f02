import Ajv from 'ajv';
import type { JsonSchema } from '@anomaly-zoo/core';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });

/**
 * A config block with every default its schema declares, `overrides` taken first (nested objects are completed,
 * not replaced): what the engine would hand the model or format for a config holding only `overrides`. Throws when
 * the overrides break the schema, so a test config cannot drift from what a real run accepts.
 */
export function defaultConfig<Config extends object = Record<string, unknown>>(definition: { readonly name: string; readonly schema: JsonSchema }, overrides: object = {}): Config {
  const config = structuredClone(overrides) as Record<string, unknown>;
  const validate = ajv.compile(definition.schema);
  if (!validate(config)) {
    const first = validate.errors?.[0];
    throw new Error(`defaultConfig(${definition.name}): ${first?.instancePath || '(top level)'} ${first?.message ?? 'is invalid'}`);
  }
  return config as Config;
}
