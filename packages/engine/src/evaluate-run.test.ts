import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { REPORT_FILE } from '@anomaly-zoo/eval';
import { resolveRunConfig } from './config/load';
import { silentLogger } from './log';
import { runTraining } from './run-training';
import { tinyConvAeRun } from './test-utils/tiny-run';

// One small real run on generated MVTec-layout data: 12 normal and 3 × 3 defect test images.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-eval-run-'));
const raw = tinyConvAeRun({
  seed: 7, dir: work, synthetic: { train: 24, test_good: 12, per_defect: 3 }, epochs: 3,
  evaluation: { visualisations: { count: 10, selection: 'mixed' }, bootstrap: { resamples: 200 } },
});

describe('a run writes metrics with baselines and intervals, plots, visualisations and report.html', () => {
  const out = path.join(work, 'run');
  let metrics: Record<string, unknown>;

  beforeAll(async () => {
    const result = await runTraining(resolveRunConfig(raw, 'test config'), { out, logger: silentLogger });
    metrics = JSON.parse(fs.readFileSync(path.join(result.runDir, 'metrics.json'), 'utf8'));
  }, 240_000);

  it('stores the bootstrap interval, pixel metrics and no NaN', () => {
    const ci = metrics.image_auroc_ci as { low: number; high: number; level: number; resamples: number; seed: number };
    expect(ci).toMatchObject({ level: 0.95, resamples: 200, seed: 7 });
    expect(ci.low).toBeLessThanOrEqual(metrics.image_auroc as number);
    expect(ci.high).toBeGreaterThanOrEqual(metrics.image_auroc as number);
    for (const key of ['pixel_auroc', 'pixel_f1max', 'pixel_aupro']) {
      expect(typeof metrics[key]).toBe('number');
      expect(metrics[key]).toBeGreaterThanOrEqual(0);
      expect(metrics[key]).toBeLessThanOrEqual(1);
    }
    expect(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8')).not.toMatch(/NaN/);
  });

  it('sets the threshold from the normal-only validation split strictly above its lowest score', () => {
    const validation = metrics.validation_scores as { count: number; min: number; max: number };
    expect(validation.count).toBe(6);
    expect(metrics.threshold).toBeGreaterThan(validation.min);
  });

  it('writes the four plots as SVG and PNG', async () => {
    for (const name of ['roc', 'pr', 'histogram', 'defect-types']) {
      expect(fs.readFileSync(path.join(out, 'plots', `${name}.svg`), 'utf8')).toMatch(/^<svg/);
      expect((await sharp(path.join(out, 'plots', `${name}.png`)).metadata()).format).toBe('png');
    }
  });

  it('draws ≥ 8 test images as original | reconstruction | heat map | overlay', async () => {
    const files = fs.readdirSync(path.join(out, 'visualisations')).filter((f) => f.endsWith('.png'));
    expect(files.length).toBe(10);
    const meta = await sharp(path.join(out, 'visualisations', files[0]!)).metadata();
    // 32 px images enlarged 5× to 160 px; conv-ae reconstructs, so four panels and three 4 px gaps.
    expect(meta.height).toBe(160);
    expect(meta.width).toBe(4 * 160 + 3 * 4);
    // mixed selection: the 3 worst normal images (FP or closest calls) come first.
    expect(files.sort().slice(0, 3).every((f) => /^00[0-2]-(FP|TN)-good-/.test(f))).toBe(true);
  });

  it('writes a self-contained report.html that links only files in the run directory', () => {
    const html = fs.readFileSync(path.join(out, REPORT_FILE), 'utf8');
    expect(html).toContain(`data-metric="image_auroc">${(metrics.image_auroc as number).toFixed(4)}`);
    const sources = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBe(4 + 10);
    for (const src of sources) {
      expect(src).not.toMatch(/^(https?:|\/)/);
      expect(fs.existsSync(path.join(out, src))).toBe(true);
    }
  });
});

describe('evaluateTest on a test split with one class', () => {
  it('reports AUROC and its interval as null with notes, never NaN', async () => {
    const { evaluateTest } = await import('./evaluate-run');
    const records = [0, 1, 2].map((i) => ({ path: `good/${i}.png`, label: 0 as const, defectType: 'good' }));
    const metrics = await evaluateTest(
      { records, scores: Float32Array.from([0.1, 0.2, 0.3]) },
      { value: 0.25, strategy: 'manual' },
      { height: 8, width: 8, channels: 3 },
      { bootstrap: { resamples: 100, level: 0.95 }, seed: 1 },
    );
    expect(metrics.image_auroc).toBeNull();
    expect(metrics.image_auroc_ci).toBeNull();
    expect(metrics.notes.join('\n')).toMatch(/image_auroc_ci undefined: AUROC needs both classes/);
    expect(JSON.stringify(metrics)).not.toMatch(/NaN/);
  });
});
