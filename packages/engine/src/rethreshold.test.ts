import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPORT_FILE } from '@anomaly-zoo/eval';
import { resolveRunConfig } from './config/load';
import { SYNTHETIC_PATH_MARK } from './calibration-set';
import type { SavedValidationScore } from './evaluate-run';
import { silentLogger } from './log';
import { runTest } from './run-test';
import { runTraining } from './run-training';
import { tinyConvAeRun } from './test-utils/tiny-run';

// One small real run on generated data, with 6 synthetic anomalies among its validation images.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-rethreshold-'));
const raw = tinyConvAeRun({
  seed: 11, dir: work, synthetic: { train: 24, test_good: 8, per_defect: 2 }, epochs: 2,
  evaluation: { validation: { synthetic_anomalies: 6 }, visualisations: { count: 2 }, bootstrap: { resamples: 50 } },
});
const runDir = path.join(work, 'run');

/** sha256 of every file under `dir` but the evaluation folders tools/test adds, by relative path. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) {
        if (rel !== 'evaluations') walk(rel);
      } else out[rel] = createHash('sha256').update(fs.readFileSync(path.join(dir, rel))).digest('hex');
    }
  };
  walk('');
  return out;
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));
const savedScores = (): SavedValidationScore[] => (readJson(path.join(runDir, 'validation-scores.json')).scores as SavedValidationScore[]);

describe('re-thresholding a finished run', () => {
  let trained: Record<string, unknown>;

  beforeAll(async () => {
    await runTraining(resolveRunConfig(raw, 'test config'), { out: runDir, logger: silentLogger });
    trained = readJson(path.join(runDir, 'metrics.json'));
  }, 240_000);

  it('the run saved its validation scores: real validation images and the synthetic anomalies, no test image', () => {
    const scores = savedScores();
    const synthetic = scores.filter((s) => s.path.includes(SYNTHETIC_PATH_MARK));
    expect(synthetic.length).toBe(6);
    expect(trained.synthetic_anomalies).toBe(6);
    expect(synthetic.every((s) => s.label === 1 && s.defect_type.startsWith('synthetic-'))).toBe(true);
    const testPaths = new Set(fs.readFileSync(path.join(runDir, 'scores.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    for (const s of scores) expect(testPaths.has(s.path.split(SYNTHETIC_PATH_MARK)[0])).toBe(false);
    expect(trained.operating_points).toHaveLength(4);
    // report.html shows the first four synthetic anomalies, drawn from validation images
    const shown = fs.readdirSync(path.join(runDir, 'validation-anomalies')).sort();
    expect(shown).toEqual(['000-synthetic-scratch.png', '001-synthetic-blob.png', '002-synthetic-missing.png', '003-synthetic-cutpaste.png']);
    const html = fs.readFileSync(path.join(runDir, REPORT_FILE), 'utf8');
    expect(html).toContain('Synthetic validation anomalies');
    for (const file of shown) expect(html).toContain(`src="validation-anomalies/${file}"`);
    expect(html).toContain('Threshold table (test split)');
    expect(typeof trained.image_fpr).toBe('number');
  });

  it('recomputes the hand-checkable target_fpr threshold into a new folder and never changes the run', async () => {
    const before = hashes(runDir);
    const result = await runTest({
      runDir, overrides: ['evaluation.threshold.strategy=target_fpr', 'evaluation.threshold.target_fpr=0.2'], logger: silentLogger,
    });
    expect(hashes(runDir)).toEqual(before);
    expect(path.dirname(result.outDir)).toBe(path.join(runDir, 'evaluations'));
    expect(path.basename(result.outDir)).toMatch(/-target_fpr$/);
    // 6 normal validation scores: k = ⌊0.2·6⌋ = 1 may lie above, so the threshold is the 5th smallest
    const normals = savedScores().filter((s) => s.label === 0).map((s) => s.score).sort((a, b) => a - b);
    expect(normals).toHaveLength(6);
    expect(result.metrics.threshold).toBe(normals[4]);
    expect(result.metrics.threshold_strategy).toBe('target_fpr');
    const ci = result.metrics.image_fpr_ci!;
    expect(ci.low).toBeLessThanOrEqual(result.metrics.image_fpr as number);
    expect(ci.high).toBeGreaterThanOrEqual(result.metrics.image_fpr as number);
    expect(fs.existsSync(path.join(result.outDir, 'metrics.json'))).toBe(true);
    expect(fs.existsSync(path.join(result.outDir, REPORT_FILE))).toBe(true);

    // The run's own settings give back the run's threshold; without the synthetic anomalies, the normal-only one.
    const same = await runTest({ runDir, overrides: ['evaluation.threshold.strategy=adaptive_f1'], logger: silentLogger });
    expect(same.metrics.threshold).toBe(trained.threshold);
    expect(same.outDir).not.toBe(result.outDir);
    const normalOnly = await runTest({ runDir, overrides: ['evaluation.validation.synthetic_anomalies=0'], logger: silentLogger });
    expect(normalOnly.metrics.synthetic_anomalies).toBe(0);
    expect(normalOnly.metrics.notes.join(' ')).toMatch(/only normal images \(6\)/);
    expect(hashes(runDir)).toEqual(before);
  }, 240_000);

  it('changes the saved model only with --update-model, and then only its threshold and normalisation', async () => {
    const before = hashes(runDir);
    const manifestFile = path.join('model', 'anomaly-zoo.json');
    const manifest = readJson(path.join(runDir, manifestFile));
    const result = await runTest({
      runDir, overrides: ['evaluation.threshold.strategy=target_recall', 'evaluation.threshold.target_recall=0.5'], updateModel: true, logger: silentLogger,
    });
    const after = hashes(runDir);
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual([manifestFile]);
    const updated = readJson(path.join(runDir, manifestFile));
    expect((updated.threshold as { value: number }).value).toBe(result.metrics.threshold);
    expect({ ...updated, threshold: manifest.threshold, normalisation: manifest.normalisation }).toEqual(manifest);
  }, 240_000);

  it('refuses more synthetic anomalies than the run saved, and --update-model without a new threshold', async () => {
    await expect(runTest({ runDir, overrides: ['evaluation.validation.synthetic_anomalies=7'], logger: silentLogger })).rejects.toThrow(
      /the run saved 6 synthetic anomalies; 7 need a new training run/,
    );
    await expect(runTest({ runDir, overrides: [], updateModel: true, logger: silentLogger })).rejects.toThrow(/--update-model: only with a new threshold/);
  });
});
