import * as fs from 'fs';
import * as path from 'path';
import { UserError, writeFileAtomic } from '@anomaly-zoo/core';
import { modelNames, ModelNames, packageFiles, runConfigYaml } from './templates';

export const MODEL_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ScaffoldResult {
  packageDir: string;
  created: string[];
  edited: string[];
}

/**
 * Creates packages/models/<name> (a working per-pixel Gaussian baseline, its test, README and config)
 * and registers it: registry import and MODELS entry, registry dependency and project reference, the
 * root build reference, and the workspace link npm would make.
 */
export function scaffoldModel(repo: string, name: string): ScaffoldResult {
  if (!MODEL_NAME_PATTERN.test(name)) throw new UserError(`'${name}': model names are lower-case words joined by '-', e.g. my-model`);
  const n = modelNames(name);
  const packageDir = path.join(repo, 'packages', 'models', name);
  if (fs.existsSync(packageDir)) throw new UserError(`${packageDir}: already exists`);
  const registrySource = path.join(repo, 'packages', 'registry', 'src', 'index.ts');
  if (!fs.existsSync(registrySource)) throw new UserError(`${repo}: not an anomaly-zoo checkout (no packages/registry/src/index.ts)`);
  const registry = fs.readFileSync(registrySource, 'utf8');
  if (registry.includes(`'${n.packageName}'`) || new RegExp(`^\\s*'?${name}'?:`, 'm').test(registry)) {
    throw new UserError(`${registrySource}: already registers '${name}'`);
  }
  const configFile = path.join(repo, 'configs', name, 'synthetic.yaml');

  const created: string[] = [];
  for (const [relative, text] of Object.entries(packageFiles(n))) {
    const file = path.join(packageDir, relative);
    writeFileAtomic(file, text);
    created.push(file);
  }
  if (!fs.existsSync(configFile)) {
    writeFileAtomic(configFile, runConfigYaml(n));
    created.push(configFile);
  }

  const edited = [
    editFile(registrySource, (text) => registerInSource(text, n)),
    editJson(path.join(repo, 'packages', 'registry', 'package.json'), (json) => {
      const deps = (json.dependencies ?? {}) as Record<string, string>;
      json.dependencies = { ...deps, [n.packageName]: '*' };
    }),
    editJson(path.join(repo, 'packages', 'registry', 'tsconfig.json'), (json) => {
      (json.references as { path: string }[]).push({ path: `../models/${name}` });
    }),
    editJson(path.join(repo, 'tsconfig.build.json'), (json) => {
      const references = json.references as { path: string }[];
      const at = references.findIndex((r) => r.path === 'packages/registry');
      references.splice(at < 0 ? references.length : at, 0, { path: `packages/models/${name}` });
    }),
  ];
  linkWorkspace(repo, n, packageDir);
  return { packageDir, created, edited };
}

/** Adds the import after the last model import and the entry as the last line of MODELS. */
export function registerInSource(text: string, n: ModelNames): string {
  const lines = text.split('\n');
  const lastImport = lines.reduce((at, line, i) => (/^import .* from '@anomaly-zoo\/model-/.test(line) ? i : at), -1);
  if (lastImport < 0) throw new UserError(`registry index.ts: no model import found to add '${n.name}' after`);
  lines.splice(lastImport + 1, 0, `import { ${n.identifier} } from '${n.packageName}';`);
  const close = lines.findIndex((line) => /^\} satisfies Record<string, ModelDefinition>/.test(line));
  if (close < 0) throw new UserError(`registry index.ts: cannot find the end of MODELS ('} satisfies Record<string, ModelDefinition>')`);
  lines.splice(close, 0, n.name === n.identifier ? `  ${n.identifier},` : `  '${n.name}': ${n.identifier},`);
  return lines.join('\n');
}

function editFile(file: string, change: (text: string) => string): string {
  writeFileAtomic(file, change(fs.readFileSync(file, 'utf8')));
  return file;
}

function editJson(file: string, change: (json: Record<string, unknown>) => void): string {
  return editFile(file, (text) => {
    const json = JSON.parse(text) as Record<string, unknown>;
    change(json);
    return JSON.stringify(json, null, 2) + '\n';
  });
}

/** node_modules/@anomaly-zoo/model-<name> → the package, as `npm install` links workspaces. */
function linkWorkspace(repo: string, n: ModelNames, packageDir: string): void {
  const scope = path.join(repo, 'node_modules', '@anomaly-zoo');
  if (!fs.existsSync(scope)) return;
  const link = path.join(scope, `model-${n.name}`);
  if (!fs.existsSync(link)) fs.symlinkSync(path.relative(scope, packageDir), link, 'dir');
}
