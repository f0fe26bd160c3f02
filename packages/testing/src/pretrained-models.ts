import * as fs from 'fs';
import * as path from 'path';

// The models folder is passed in (components' pretrainedModelsDir()): components' own tests use this package, so
// it cannot depend on components.

/** `<modelsDir>/<name>` when it holds a model.json; else undefined, after printing why tests are skipped. */
export function pretrainedModel(modelsDir: string | undefined, name: string): string | undefined {
  const dir = modelsDir && path.join(modelsDir, name);
  if (dir && fs.existsSync(path.join(dir, 'model.json'))) return dir;
  console.log(`skipping tests that need ${name}: not found (set ANOMALY_ZOO_MODELS to the folder of pretrained models, e.g. ../shared/models)`);
  return undefined;
}

/** describe() with the model's folder when `<modelsDir>/<name>` is there, describe.skip() otherwise. */
export function describeWithModel(modelsDir: string | undefined, name: string, title: string, body: (dir: string) => void): void {
  const dir = pretrainedModel(modelsDir, name);
  if (dir) describe(title, () => body(dir));
  else describe.skip(`${title} (needs ${name})`, () => body(''));
}
