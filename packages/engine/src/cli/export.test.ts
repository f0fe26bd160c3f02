import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { trainTinyRun, tinyImageBytes, writeTinyPng } from '../predict/test-utils/tiny-run';
import { expectUserError, REPO, runTool } from './test-utils/run-tool';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-export-'));
const runDir = path.join(work, 'run');
const images = path.join(work, 'images');

/** The Node snippet of README.md's "Export and deploy" section, as a user would copy it. */
function readmeNodeSnippet(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Export and deploy'), readme.indexOf('\n## ', readme.indexOf('## Export and deploy') + 1));
  const match = /From Node[\s\S]*?```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md: no Node snippet in "Export and deploy"');
  return match[1]!;
}

interface Predicted {
  path: string;
  score: number;
  normalised_score: number;
  label: 'anomalous' | 'normal';
}

beforeAll(async () => {
  await trainTinyRun(runDir);
  for (let i = 0; i < 8; i++) await writeTinyPng(path.join(images, `img-${i}.png`), tinyImageBytes(7000 + i, i >= 5));
}, 120000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('tools/export', () => {
  it("writes <run>/model.onnx, which README's Node snippet scores exactly as tools/predict does", () => {
    const exported = runTool('export', ['--run', runDir], { cwd: work });
    expect({ code: exported.code, lines: exported.stderr.split('\n').filter((l) => l.startsWith('error') || l.startsWith('exported')) })
      .toEqual({ code: 0, lines: [expect.stringMatching(/^exported conv-ae \(input image \[batch, 32, 32, 3\] in \[0, 1\], threshold [\d.e-]+\) to .*model\.onnx/)] });
    const onnxFile = path.join(runDir, 'model.onnx');
    expect(fs.statSync(onnxFile).size).toBeGreaterThan(1000);

    const predictions = path.join(work, 'predictions.json');
    expect(runTool('predict', ['--run', runDir, '--input', images, '--out', predictions], { cwd: work }).code).toBe(0);
    const expected = new Map((JSON.parse(fs.readFileSync(predictions, 'utf8')).predictions as Predicted[]).map((p) => [path.resolve(p.path), p]));
    expect(new Set([...expected.values()].map((p) => p.label))).toEqual(new Set(['anomalous', 'normal']));

    const script = path.join(work, 'score.js');
    fs.writeFileSync(script, readmeNodeSnippet());
    const files = [...expected.keys()];
    const run = spawnSync(process.execPath, [script, onnxFile, ...files], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') } });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; score: number; normalised_score: number; anomalous: boolean });
    expect(lines).toHaveLength(files.length);
    for (const line of lines) {
      const want = expected.get(path.resolve(line.file))!;
      expect(Math.abs(line.score - want.score)).toBeLessThan(1e-4 * Math.max(1, Math.abs(want.score)));
      expect(line.normalised_score).toBeCloseTo(want.normalised_score, 4);
      expect(line.anomalous).toBe(want.label === 'anomalous');
    }
  });

  it('replaces an existing file only with --force, and names the op of a model it cannot express', () => {
    const target = path.join(work, 'copy.onnx');
    fs.writeFileSync(target, 'keep me');
    expectUserError(runTool('export', ['--run', runDir, '--out', target], { cwd: work }), /copy\.onnx: already exists; pass --force to replace it/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
    expect(runTool('export', ['--run', runDir, '--out', target, '--force'], { cwd: work }).code).toBe(0);
    expect(fs.statSync(target).size).toBeGreaterThan(1000);

    // The same network with a hard-sigmoid activation, which the layer converter has no ONNX for.
    const hardSigmoidRun = path.join(work, 'hard-sigmoid-run');
    fs.cpSync(runDir, hardSigmoidRun, { recursive: true });
    const modelJson = path.join(hardSigmoidRun, 'model', 'model.json');
    fs.writeFileSync(modelJson, fs.readFileSync(modelJson, 'utf8').replace('"activation":"relu"', '"activation":"hard_sigmoid"'));
    const out = path.join(work, 'hard-sigmoid.onnx');
    expectUserError(runTool('export', ['--run', hardSigmoidRun, '--out', out], { cwd: work }), /the conv-ae model cannot be exported yet: activation 'hardSigmoid' of a tfjs Conv2D layer$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
