import * as fs from 'fs';
import * as path from 'path';

/** The pooled-embedding layer of the Keras MobileNet V1 LayersModels in ../shared/models ([N,256] at 0.25, [N,768] at 0.75). */
export const LAYERS_EMBEDDING_LAYER = 'global_average_pooling2d_1';

/**
 * The folder of pretrained TF.js models: env ANOMALY_ZOO_MODELS (CI sets it), else `<repo>/../shared/models`
 * when that exists; undefined when neither.
 */
export function pretrainedModelsDir(): string | undefined {
  const fromEnv = process.env.ANOMALY_ZOO_MODELS;
  if (fromEnv) return path.resolve(fromEnv);
  for (const start of [__dirname, process.cwd()]) {
    const root = repoRoot(start);
    const candidate = root && path.join(root, '..', 'shared', 'models');
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The nearest folder at or above `start` whose package.json declares npm workspaces. */
function repoRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces) return dir;
      } catch {
        // an unreadable package.json is not the root; keep climbing
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
