import * as fs from 'fs';
import { UserError } from './errors';

/** A JSON file's parsed contents; a file that cannot be read or parsed is a one-line error naming it. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** The JSON half of a saved model's state, checked to be of `kind` and `version` (`what` names the model in errors). */
export function readSavedStateJson<T extends { kind: string; version: number }>(file: string, kind: T['kind'], version: T['version'], what: string): T {
  if (!fs.existsSync(file)) throw new UserError(`${file}: missing (not a saved ${what} model)`);
  const json = readJsonFile(file) as T;
  if (json.kind !== kind || json.version !== version) throw new UserError(`${file}: expected kind '${kind}' version ${version}`);
  return json;
}
