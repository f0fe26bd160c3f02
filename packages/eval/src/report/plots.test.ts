import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { writePlots } from './plots';

const items = [
  { score: 0.1, label: 0 as const, defectType: 'good' },
  { score: 0.2, label: 0 as const, defectType: 'good' },
  { score: 0.35, label: 0 as const, defectType: 'good' },
  { score: 0.3, label: 1 as const, defectType: 'scratch' },
  { score: 0.8, label: 1 as const, defectType: 'scratch' },
  { score: 0.9, label: 1 as const, defectType: 'hole' },
];

describe('writePlots', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-plots-'));

  it('writes ROC, PR, histogram and defect-type plots as SVG and PNG', async () => {
    const { plots, notes } = await writePlots(dir, { items, threshold: 0.25, aurocInterval: { low: 0.5, high: 1, level: 0.95 } });
    expect(notes).toEqual([]);
    expect(plots.map((p) => p.name)).toEqual(['roc', 'pr', 'histogram', 'defect-types']);
    const roc = fs.readFileSync(path.join(dir, 'plots/roc.svg'), 'utf8');
    // AUROC: of the 9 (anomalous, normal) pairs only 0.3 < 0.35 is lost -> 8/9 = 0.889.
    expect(roc).toContain('AUROC 0.889 (95% CI 0.500–1.000)');
    const pr = fs.readFileSync(path.join(dir, 'plots/pr.svg'), 'utf8');
    expect(pr).toContain('AP ');
    // threshold 0.25 flags 0.3, 0.35, 0.8, 0.9: FPR 1/3, recall 3/3, precision 3/4, on both curves
    expect(roc).toContain('threshold: FPR 0.333, recall 1.000');
    expect(pr).toContain('threshold: recall 1.000, precision 0.750');
    const strip = fs.readFileSync(path.join(dir, 'plots/defect-types.svg'), 'utf8');
    for (const type of ['good', 'scratch', 'hole']) expect(strip).toContain(`>${type}<`);
    for (const plot of plots) {
      const meta = await sharp(path.join(dir, plot.png)).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBeGreaterThan(300);
    }
  });

  it('leaves out the curves a one-class test split cannot define, with notes', async () => {
    const normalOnly = items.filter((i) => i.label === 0);
    const { plots, notes } = await writePlots(fs.mkdtempSync(path.join(os.tmpdir(), 'az-plots-')), { items: normalOnly, threshold: 0.25 });
    expect(plots.map((p) => p.name)).toEqual(['histogram', 'defect-types']);
    expect(notes).toHaveLength(2);
  });
});
