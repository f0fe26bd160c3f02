import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { JsonSchema, UserError } from '@anomaly-zoo/core';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Checks `value` against `schema`, filling defaults in place. On failure throws a one-line UserError
 * naming the source file and the key path, e.g. `run.yaml: training.epochs: must be >= 1`.
 */
export function validateAgainst(schema: JsonSchema, value: unknown, source: string, keyPrefix = ''): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return;
  throw new UserError(`${source}: ${describe(pickError(validate.errors ?? []), keyPrefix)}`);
}

/** The error a person should fix first: an unknown key, then a type/value problem, shallowest first. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const rank = (e: ErrorObject): number => (e.keyword === 'additionalProperties' ? 0 : e.keyword === 'oneOf' ? 1 : 2);
  const outsideOneOf = errors.filter((e) => !errors.some((o) => o.keyword === 'oneOf' && e.schemaPath.startsWith(o.schemaPath.replace(/\/oneOf$/, '/oneOf/'))));
  return [...outsideOneOf].sort((a, b) => rank(a) - rank(b) || depth(a) - depth(b))[0] as ErrorObject;
}

function depth(error: ErrorObject): number {
  return error.instancePath.split('/').length;
}

export function keyPath(instancePath: string, prefix = ''): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}

function describe(error: ErrorObject, prefix: string): string {
  const at = keyPath(error.instancePath, prefix);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return `unknown key '${at === '(top level)' ? key : `${at}.${key}`}'`;
    }
    case 'required':
      return `${at}: missing required key '${String(params.missingProperty)}'`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf':
      return `${at}: ${describeAlternatives(error.parentSchema)}`;
    default:
      return `${at}: ${error.message ?? 'is invalid'}`;
  }
}

function describeAlternatives(parentSchema: unknown): string {
  const options = ((parentSchema as { oneOf?: Record<string, unknown>[] })?.oneOf ?? []).map((branch) => {
    if ('const' in branch) return JSON.stringify(branch.const);
    if (branch.type === 'array') return `a list of ${String(branch.minItems ?? '')} ${String((branch.items as { type?: string })?.type ?? 'value')}s`;
    const range = branch.minimum !== undefined && branch.maximum !== undefined ? ` from ${branch.minimum} to ${branch.maximum}` : '';
    return `${String(branch.type)}${range}`;
  });
  return `must be ${options.join(' or ')}`;
}
