import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { modelNames } from './templates';
import { registerInSource } from './scaffold';

// tools/new-model foo in a temporary copy of this checkout, then the copy's build and its conformance
// test with foo registered, unchanged.
const repo = path.resolve(__dirname, '../../../..');
const node = process.execPath;

/** The working tree (tracked and untracked-but-not-ignored files) plus built dist/ folders, timestamps kept; node_modules linked. */
function copyCheckout(target: string): void {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const relative of listed) {
    const from = path.join(repo, relative);
    if (!fs.existsSync(from) || fs.lstatSync(from).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
    fs.cpSync(from, path.join(target, relative), { preserveTimestamps: true, verbatimSymlinks: true });
  }
  for (const base of ['packages', 'packages/models']) {
    for (const entry of fs.readdirSync(path.join(repo, base))) {
      const dist = path.join(repo, base, entry, 'dist');
      if (fs.existsSync(dist)) fs.cpSync(dist, path.join(target, base, entry, 'dist'), { recursive: true, preserveTimestamps: true });
      // A package's own node_modules holds the versions npm could not hoist.
      const own = path.join(repo, base, entry, 'node_modules');
      if (fs.existsSync(own) && fs.existsSync(path.join(target, base, entry))) fs.symlinkSync(own, path.join(target, base, entry, 'node_modules'));
    }
  }
  // node_modules: links to the real packages, except our workspace links, which must point into the copy.
  const modules = path.join(target, 'node_modules');
  fs.mkdirSync(path.join(modules, '@anomaly-zoo'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(repo, 'node_modules'))) {
    if (entry !== '@anomaly-zoo') fs.symlinkSync(path.join(repo, 'node_modules', entry), path.join(modules, entry));
  }
  for (const entry of fs.readdirSync(path.join(repo, 'node_modules', '@anomaly-zoo'))) {
    const link = path.join(repo, 'node_modules', '@anomaly-zoo', entry);
    fs.symlinkSync(fs.readlinkSync(link), path.join(modules, '@anomaly-zoo', entry));
  }
}

describe('tools/new-model', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-new-model-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('scaffolds foo, which builds and passes its own test and the conformance test unchanged', () => {
    copyCheckout(work);
    const made = spawnSync(node, [path.join(work, 'tools', 'new-model'), 'foo'], { cwd: work, encoding: 'utf8' });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    for (const file of ['package.json', 'tsconfig.json', 'jest.config.js', 'README.md', 'src/index.ts', 'src/model.ts', 'src/config.ts', 'src/model.test.ts']) {
      expect(fs.existsSync(path.join(work, 'packages/models/foo', file))).toBe(true);
    }
    expect(fs.existsSync(path.join(work, 'configs/foo/synthetic.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(work, 'packages/registry/src/index.ts'), 'utf8')).toMatch(/import \{ foo \} from '@anomaly-zoo\/model-foo';[\s\S]*\n  foo,\n\} satisfies/);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'packages/registry/package.json'), 'utf8')).dependencies['@anomaly-zoo/model-foo']).toBe('*');
    expect(fs.realpathSync(path.join(work, 'node_modules/@anomaly-zoo/model-foo'))).toBe(fs.realpathSync(path.join(work, 'packages/models/foo')));
    // The original checkout is untouched.
    expect(fs.existsSync(path.join(repo, 'packages/models/foo'))).toBe(false);

    const build = spawnSync(node, [path.join(work, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: work, encoding: 'utf8' });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(fs.existsSync(path.join(work, 'packages/models/foo/dist/index.js'))).toBe(true);

    const jest = path.join(work, 'node_modules/jest/bin/jest.js');
    const own = spawnSync(node, [jest, '--ci', '--colors=false'], { cwd: path.join(work, 'packages/models/foo'), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(own.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(own.status).toBe(0);
    const conformance = spawnSync(node, [jest, '--ci', '--colors=false', 'src/conformance.test.ts', '-t', '^model foo '], { cwd: path.join(work, 'packages/engine'), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(conformance.stderr).toMatch(/Tests:\s+\d+ skipped, [1-9]\d* passed, \d+ total/);
    expect(conformance.stderr).toMatch(/model foo\n\s+✓/);
    expect(conformance.stderr).not.toMatch(/failed|✕/);
    expect(conformance.status).toBe(0);
  }, 300000);

  it('registers kebab-case names with a quoted key and refuses a bad or taken name', () => {
    const source = "import { a } from '@anomaly-zoo/model-a';\n\nexport const MODELS = {\n  a,\n} satisfies Record<string, ModelDefinition>;\n";
    expect(registerInSource(source, modelNames('my-model'))).toBe(
      "import { a } from '@anomaly-zoo/model-a';\nimport { myModel } from '@anomaly-zoo/model-my-model';\n\nexport const MODELS = {\n  a,\n  'my-model': myModel,\n} satisfies Record<string, ModelDefinition>;\n",
    );
    // Refused before anything is written, so the real checkout is safe to point at.
    for (const [name, reason] of [['Foo', /lower-case words/], ['9lives', /lower-case words/], ['conv-ae', /already exists/]] as const) {
      const result = spawnSync(node, [path.join(repo, 'tools', 'new-model'), name, '--repo', repo], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).toMatch(reason);
    }
  });
});
