import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { RUN_FILES } from '../run-dir';
import { MANIFEST_FILE } from '../saved-model';

/** Accepts a run directory (its model/ inside) or a saved model directory itself. */
export function resolveModelDir(runOrModelDir: string): string {
  if (fs.existsSync(path.join(runOrModelDir, MANIFEST_FILE))) return runOrModelDir;
  const inside = path.join(runOrModelDir, RUN_FILES.model);
  if (fs.existsSync(path.join(inside, MANIFEST_FILE))) return inside;
  if (!fs.existsSync(runOrModelDir)) throw new UserError(`${runOrModelDir}: run directory not found`);
  throw new UserError(`${runOrModelDir}: neither a run directory (no ${RUN_FILES.model}/${MANIFEST_FILE}) nor a saved model (no ${MANIFEST_FILE})`);
}
