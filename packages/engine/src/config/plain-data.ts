import { UserError } from '@anomaly-zoo/core';
import { keyPath } from './validate';

/** Keys that reach an object's prototype machinery when assigned: never config keys. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** Refuses a key that would reach `Object.prototype` or a constructor (prototype pollution). */
export function refuseForbiddenKey(key: string, where: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new UserError(`${where}: key '${key}' is not allowed in a config (it would reach the object prototype)`);
}

/**
 * A fresh copy of parsed config data built from own keys only, so no later read can see an inherited value;
 * refuses the forbidden keys and numbers that are not finite (YAML's 1e400 and .inf parse to Infinity, which
 * JSON-schema integer checks accept). `source` names the file or option in the one-line error.
 */
export function plainData(value: unknown, source: string, pointer = ''): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new UserError(`${pointer ? `${source}: ${keyPath(pointer)}` : source}: must be a finite number (got ${value})`);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => plainData(item, source, `${pointer}/${i}`));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    refuseForbiddenKey(key, `${source}: ${keyPath(`${pointer}/${key}`)}`);
    copy[key] = plainData((value as Record<string, unknown>)[key], source, `${pointer}/${key}`);
  }
  return copy;
}
