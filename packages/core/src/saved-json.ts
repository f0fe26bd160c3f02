import * as fs from 'fs';
import { UserError } from './errors';

/** The JSON half of a saved model's state, checked to be of `kind` and `version` (`what` names the model in errors). */
export function readSavedStateJson<T extends { kind: string; version: number }>(file: string, kind: T['kind'], version: T['version'], what: string): T {
  if (!fs.existsSync(file)) throw new UserError(`${file}: missing (not a saved ${what} model)`);
  let json: T;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (json.kind !== kind || json.version !== version) throw new UserError(`${file}: expected kind '${kind}' version ${version}`);
  return json;
}
