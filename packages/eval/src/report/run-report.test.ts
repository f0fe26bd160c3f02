import { renderBenchmarkPage } from './benchmark-page';
import { operatingPointTable } from '../operating-points';
import { metricsTable, renderRunReport, thresholdTable } from './run-report';

const metrics = {
  image_auroc: 0.953125, image_aupr: 0.9, image_f1: 0.8, image_f1_baseline: 0.75, image_f1max: 0.85,
  image_precision: 0.7, image_recall: 1, image_specificity: 0.5, pixel_auroc: null,
  image_auroc_ci: { low: 0.9, high: 0.99, level: 0.95, resamples: 1000, seed: 1 },
  threshold: 0.25, threshold_strategy: 'adaptive_f1', counts: { normal: 10, anomalous: 30 },
  confusion: { tp: 30, fp: 5, tn: 5, fn: 0 }, notes: ['pixel_auroc undefined: no masks'],
};

/** Each fragment appears in the page, so a failure names the missing one. */
function expectAll(html: string, fragments: readonly string[]): void {
  for (const fragment of fragments) expect(html).toContain(fragment);
}

describe('run report', () => {
  it('shows every metric beside its trivial baseline, undefined ones as "undefined", never NaN', () => {
    const table = metricsTable(metrics);
    expect(table).toContain('<td data-metric="image_auroc">0.9531 <span class="meta">(95% CI 0.900–0.990)</span>');
    // F1 0.8 beside all-anomalous F1 0.75; precision beside the anomalous fraction 30/40.
    expect(table).toMatch(/image F1 at threshold<\/td><td data-metric="image_f1">0\.8000<\/td><td>0\.7500<\/td><td>all anomalous/);
    expect(table).toMatch(/image precision<\/td><td data-metric="image_precision">0\.7000<\/td><td>0\.7500/);
    expect(table).toContain('<td data-metric="pixel_auroc" class="undefined">undefined</td>');
    expect(table).not.toContain('pixel_aupro');
    // Recall 1 is shown as 1.0000 like every other value, its all-anomalous baseline too.
    expect(table).toMatch(/image recall<\/td><td data-metric="image_recall">1\.0000<\/td><td>1\.0000/);
    expect(table).not.toMatch(/NaN/);
  });

  it('is one self-contained page: relative images, inline style and script, notes, gallery filters', () => {
    const html = renderRunReport({
      title: 'conv-ae <synthetic>',
      metrics,
      plots: [{ name: 'roc', title: 'ROC curve', svg: 'plots/roc.svg', png: 'plots/roc.png' }],
      gallery: [
        { file: 'visualisations/000.png', image: 'a.png', label: 1, defectType: 'scratch', score: 0.5, outcome: 'TP', reason: 'random', panels: ['original', 'heat map', 'overlay'] },
        { file: 'visualisations/001.png', image: 'b.png', label: 0, defectType: 'good', score: 0.3, outcome: 'FP', reason: 'worst normal', panels: ['original', 'heat map', 'overlay'] },
      ],
    });
    expect(html).toContain('<title>conv-ae &lt;synthetic&gt;</title>');
    expect(html).toContain('src="plots/roc.svg"');
    expect(html).toContain('data-outcome="FP" data-defect="good"');
    expect(html).toContain('<option value="scratch">scratch</option>');
    expect(html).toContain('pixel_auroc undefined: no masks');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('threshold table', () => {
  it('labels every row as test, with the chosen threshold first and test FPR 0.1 %, 1 %, 5 % after it', () => {
    // 100 normal scores 1..100, 10 anomalous 91.5..100.5; chosen threshold 95 (see operating-points.test.ts)
    const scores = [...Array.from({ length: 100 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => 91.5 + i)];
    const labels = scores.map((_, i) => (i < 100 ? 0 : 1));
    const html = thresholdTable({ threshold_strategy: 'target_fpr', operating_points: operatingPointTable(scores, labels, 95) });
    expectAll(html, [
      'Threshold table (test split)',
      '<th>test FPR</th><th>test recall</th><th>test precision</th><th>test F1</th>',
      '<tr><td>chosen threshold (target_fpr)</td><td>95.00000</td><td>0.0500</td><td>0.6000</td><td>0.5455</td>',
      '<tr><td>test FPR ≤ 0.1 %</td><td>100.00000</td><td>0.0000</td><td>0.1000</td><td>1.0000</td>',
      '<tr><td>test FPR ≤ 1 %</td><td>99.00000</td><td>0.0100</td><td>0.2000</td><td>0.6667</td>',
      '<tr><td>test FPR ≤ 5 %</td>',
    ]);
    expect(thresholdTable({})).toBe('');
  });

  it('shows the realised test FPR with its interval in the metrics table', () => {
    const table = metricsTable({ ...metrics, image_fpr: 0.5, image_fpr_ci: { low: 0.2, high: 0.8, level: 0.95, resamples: 100, seed: 1 } });
    expect(table).toContain('<td data-metric="image_fpr">0.5000 <span class="meta">(95% CI 0.200–0.800)</span>');
  });
});

describe('renderBenchmarkPage', () => {
  it('puts runs side by side with the best of each row in bold', () => {
    const html = renderBenchmarkPage({
      title: 'synthetic benchmark',
      runs: [
        { name: 'conv-ae', metrics: { image_auroc: 0.9, image_f1_baseline: 0.75, fit_seconds: 10 }, reportHref: 'conv-ae/report.html' },
        { name: 'padim', metrics: { image_auroc: 0.95, image_f1_baseline: 0.75, fit_seconds: 20, pixel_auroc: null } },
      ],
    });
    expectAll(html, [
      '<a href="conv-ae/report.html">conv-ae</a>',
      '<td data-run="1" data-metric="image_auroc" class="best">0.9500</td>',
      '<td data-run="0" data-metric="image_auroc">0.9000</td>',
      // Timings: lower wins. Baselines are not ranked.
      '<td data-run="0" data-metric="fit_seconds" class="best">10.000</td>',
      '<td data-run="0" data-metric="image_f1_baseline">0.7500</td>',
      // Undefined for padim, never measured for conv-ae.
      '<td data-run="1" data-metric="pixel_auroc" class="undefined">undefined</td>',
    ]);
    expect(html).toMatch(/<tr><td>pixel_auroc<\/td><td><\/td>/);
  });
});
