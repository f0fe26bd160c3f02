import YAML from 'yaml';
import { describeError, UserError } from '@anomaly-zoo/core';
import { plainData, refuseForbiddenKey } from './plain-data';

/**
 * Applies `--set a.b.c=value` overrides in place. The value is read as YAML, so `3` is a number,
 * `true` a boolean and `[64, 64]` a list; intermediate objects are created as needed.
 */
export function applyOverrides(config: Record<string, unknown>, assignments: readonly string[]): void {
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UserError(`--set ${assignment}: expected key.path=value`);
    const keys = assignment.slice(0, eq).trim().split('.');
    if (keys.some((k) => k === '')) throw new UserError(`--set ${assignment}: empty key in '${assignment.slice(0, eq)}'`);
    for (const key of keys) refuseForbiddenKey(key, `--set ${assignment}`);
    let value: unknown;
    try {
      value = YAML.parse(assignment.slice(eq + 1));
    } catch (error) {
      throw new UserError(`--set ${assignment}: value is not valid YAML (${describeError(error)})`);
    }
    value = plainData(value, `--set ${assignment}`);
    let node: Record<string, unknown> = config;
    for (const key of keys.slice(0, -1)) {
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined || next === null) node[key] = {};
      else if (typeof next !== 'object' || Array.isArray(next)) {
        throw new UserError(`--set ${assignment}: '${key}' is not a section, it holds ${JSON.stringify(next)}`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1] as string] = value;
  }
}
