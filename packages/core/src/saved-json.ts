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
