import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// What a JavaScript user gets: every publishable workspace package packed with `npm pack`, installed from those
// tarballs into a fresh project outside the workspace (--prefer-offline: third-party tarballs from the npm cache;
// only metadata the cache lacks comes from the registry), then the README's ESM and CommonJS examples run there as
// they stand, and a small TypeScript program type-checked against the published types.
// Needs the packages built (npm ci / npm run build): a tarball holds dist/, not sources.
const repo = path.resolve(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-consumer-'));
const tarballs = path.join(work, 'tarballs');
const app = path.join(work, 'app');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}\n${failed.stderr ?? failed.message}`);
  }
}

/** The workspace packages meant for npm (every one not marked private). */
function publishable(): string[] {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { workspaces: string[] };
  return workspaces.flatMap((pattern) => {
    const base = path.join(repo, pattern.replace(/\/\*$/, ''));
    return fs.readdirSync(base)
      .map((entry) => path.join(base, entry, 'package.json'))
      .filter((manifest) => fs.existsSync(manifest))
      .map((manifest) => JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string; private?: boolean })
      .filter((manifest) => !manifest.private)
      .map((manifest) => manifest.name);
  });
}

/** The code block of README.md that follows `<!-- consumer-test: <name> -->`. */
function readmeExample(readme: string, name: string): string {
  const match = new RegExp(`<!-- consumer-test: ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md: no code block after <!-- consumer-test: ${name} -->`);
  return match[1]!;
}

const TS_CONSUMER = `import { loadModel, listModels, type Detection, type TrainProgress } from 'anomaly-zoo';

export async function labelsOf(modelDir: string, images: string[]): Promise<Detection['labels']> {
  const detector = await loadModel(modelDir);
  const detection: Detection = await detector.score(images);
  const names: string[] = listModels().map((m) => m.name);
  // @ts-expect-error: a model is scored on images, not on a number
  await detector.score(42);
  // @ts-expect-error: progress events have a closed set of stages
  const stage: TrainProgress['stage'] = 'warming-up';
  return names.length > 0 && stage ? detection.labels : [];
}
`;

describe('a project outside the workspace', () => {
  it('installs the packed packages offline, runs the README examples (ESM, CommonJS) and type-checks TypeScript', () => {
    fs.mkdirSync(tarballs, { recursive: true });
    const workspaces = publishable().flatMap((name) => ['--workspace', name]);
    const packed = JSON.parse(run(npm, ['pack', ...workspaces, '--ignore-scripts', '--json', '--pack-destination', tarballs], repo)) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    expect(packed.map((p) => p.name)).toEqual(expect.arrayContaining(['anomaly-zoo', '@anomaly-zoo/core', '@anomaly-zoo/engine', '@anomaly-zoo/model-padim']));
    for (const p of packed) {
      // Compiled code, declarations, README and manifest only: no sources, tests, test helpers or tools.
      const strays = p.files.map((f) => f.path).filter((f) => !/^(dist\/|README\.md$|package\.json$|LICENSE)/.test(f) || /\.test\.|test-utils|tsbuildinfo/.test(f));
      expect({ name: p.name, strays }).toEqual({ name: p.name, strays: [] });
    }

    fs.mkdirSync(app, { recursive: true });
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const files = packed.map((p) => path.join(tarballs, path.basename(p.filename)));
    run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files], app);
    expect(fs.lstatSync(path.join(app, 'node_modules', 'anomaly-zoo')).isSymbolicLink()).toBe(false);

    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    fs.writeFileSync(path.join(app, 'example.mjs'), readmeExample(readme, 'esm'));
    fs.writeFileSync(path.join(app, 'example.cjs'), readmeExample(readme, 'cjs'));
    const esm = run(process.execPath, ['example.mjs'], app);
    expect(esm).toMatch(/^conv-ae, dense-ae, .*padim/m);
    expect(esm).toMatch(/^epoch 2\/2 loss \d/m);
    const runDir = /^AUROC [\d.]+ in (.+)$/m.exec(esm)?.[1];
    expect(runDir).toBeDefined();
    const scored = esm.split('\n').filter((line) => line.startsWith('data/texture/test/scratch/'));
    expect(scored).toHaveLength(2);
    scored.forEach((line) => expect(line).toMatch(/^\S+ [\d.e-]+ [\d.e-]+ (anomalous|normal) 1024$/));

    const cjs = run(process.execPath, ['example.cjs', runDir!], app);
    expect(cjs).toMatch(/^[\d.e-]+ (anomalous|normal)$/m);
    const auroc = /^AUROC [\d.]+/m.exec(esm)![0].split(' ')[1];
    expect(cjs).toContain(`AUROC again: ${auroc}`);

    fs.writeFileSync(path.join(app, 'consumer.ts'), TS_CONSUMER);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'],
        // TensorFlow.js's own declarations do not pass strict checks (as in this workspace).
        skipLibCheck: true,
        // Node's types from the workspace: the consumer installs nothing but the tarballs.
        typeRoots: [path.join(repo, 'node_modules', '@types')] },
      files: ['consumer.ts'],
    }));
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  }, 600000);
});
