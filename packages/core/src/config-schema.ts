import { Type } from '@sinclair/typebox';
import type { ObjectOptions, SchemaOptions, Static, TObject, TProperties, TSchema, TUnsafe } from '@sinclair/typebox';

/**
 * Config schemas are written once, with TypeBox: each builder returns a plain JSON Schema object (what ajv
 * validates) whose TypeScript type `Static<typeof schema>` is the config type. There is no hand-written interface
 * to keep in step with a schema. Static types describe a block AFTER validation, when every default is filled in.
 */
export { Type };
export type { Static, TObject, TProperties, TSchema };

/**
 * One of `values`, as a JSON Schema `enum` (one error line lists the allowed values) rather than TypeBox's union
 * of literals. The values are the owner's array, so the schema and the type cannot drift apart.
 */
export function Enum<const T extends readonly (string | number)[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values], ...options });
}

/**
 * Exactly one of `schemas` (JSON Schema `oneOf`, which the error messages spell out as "must be A or B");
 * TypeBox's Union is `anyOf`.
 */
export function OneOf<T extends TSchema[]>(schemas: [...T], options: SchemaOptions = {}): TUnsafe<Static<T[number]>> {
  return Type.Unsafe<Static<T[number]>>({ oneOf: schemas, ...options });
}

/**
 * A config block of exactly these keys (unknown keys are refused). A key is required unless it is Optional or has
 * a `default`: validation fills defaults in, so the static type has every defaulted key, and a config may omit it.
 */
export function ConfigObject<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  const schema = Type.Object(properties, { additionalProperties: false, ...options });
  const required = (schema.required ?? []).filter((key) => !('default' in (properties[key] as TSchema)));
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  return schema;
}

/**
 * `properties` with a model's own defaults: each key's schema gets `default: defaults[key]`. For key sets that
 * several models share with different defaults (e.g. the density pipeline), described once without defaults.
 */
export function withDefaults<T extends TProperties>(properties: T, defaults: Static<TObject<T>>): T {
  const values = defaults as Record<string, unknown>;
  return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, { ...schema, default: values[key] }])) as T;
}
