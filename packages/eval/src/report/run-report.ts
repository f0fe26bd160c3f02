import * as path from 'path';
import { writeFileAtomic } from '@anomaly-zoo/core';
import type { OperatingPoint } from '../operating-points';
import { escapeHtml, formatMetric, PAGE_STYLE } from './html';
import type { PlotFile } from './plots';

export interface GalleryEntry {
  /** Relative to the run directory. */
  file: string;
  image: string;
  label: 0 | 1;
  defectType: string;
  score: number;
  outcome: 'TP' | 'FP' | 'TN' | 'FN';
  reason: string;
  panels: string[];
}

export interface RunReportInput {
  title: string;
  /** The run's metrics.json content. */
  metrics: Record<string, unknown>;
  plots: PlotFile[];
  gallery: GalleryEntry[];
  /** A few of the synthetic anomalies the threshold was chosen from (validation images, not test). */
  synthetic?: GalleryEntry[];
  notes?: string[];
}

export const REPORT_FILE = 'report.html';

interface MetricRow {
  key: string;
  name: string;
  /** What a trivial or chance-level detector gets on the same test split. */
  baseline: (m: Record<string, unknown>) => unknown;
  baselineName: string;
}

const prevalence = (m: Record<string, unknown>): number | null => {
  const counts = m.counts as { normal: number; anomalous: number } | undefined;
  return counts && counts.normal + counts.anomalous > 0 && counts.anomalous > 0 ? counts.anomalous / (counts.normal + counts.anomalous) : null;
};

const ROWS: MetricRow[] = [
  { key: 'image_auroc', name: 'image AUROC', baseline: () => 0.5, baselineName: 'random ranking' },
  { key: 'image_aupr', name: 'image AUPR', baseline: prevalence, baselineName: 'random ranking (anomalous fraction)' },
  { key: 'image_f1', name: 'image F1 at threshold', baseline: (m) => m.image_f1_baseline, baselineName: 'all anomalous' },
  { key: 'image_f1max', name: 'image F1max (best threshold on test, optimistic)', baseline: (m) => m.image_f1_baseline, baselineName: 'all anomalous' },
  { key: 'image_precision', name: 'image precision', baseline: prevalence, baselineName: 'all anomalous' },
  { key: 'image_recall', name: 'image recall', baseline: (m) => ((m.counts as { anomalous?: number } | undefined)?.anomalous ? 1 : null), baselineName: 'all anomalous' },
  { key: 'image_fpr', name: 'image false-positive rate at threshold', baseline: (m) => ((m.counts as { normal?: number } | undefined)?.normal ? 1 : null), baselineName: 'all anomalous' },
  { key: 'image_specificity', name: 'image specificity', baseline: (m) => ((m.counts as { normal?: number } | undefined)?.normal ? 0 : null), baselineName: 'all anomalous' },
  { key: 'pixel_auroc', name: 'pixel AUROC', baseline: () => 0.5, baselineName: 'random ranking' },
  { key: 'pixel_f1max', name: 'pixel F1max', baseline: () => null, baselineName: '' },
  { key: 'pixel_aupro', name: 'pixel AUPRO (FPR ≤ 0.3)', baseline: () => null, baselineName: '' },
];

/** The metrics table of one run: value beside a trivial baseline; a metric the run lacks is left out. */
export function metricsTable(metrics: Record<string, unknown>): string {
  const rows = ROWS.filter((row) => row.key in metrics).map((row) => {
    const value = metrics[row.key];
    const baseline = row.baseline(metrics);
    let cell = formatMetric(value);
    const ci = metrics[`${row.key}_ci`] as { low: number; high: number; level: number } | null | undefined;
    if (ci) cell += ` <span class="meta">(${Math.round(ci.level * 100)}% CI ${formatMetric(ci.low, 3)}–${formatMetric(ci.high, 3)})</span>`;
    const undefinedClass = typeof value === 'number' ? '' : ' class="undefined"';
    return `<tr><td>${escapeHtml(row.name)}</td><td data-metric="${row.key}"${undefinedClass}>${cell}</td>` +
      `<td>${baseline === null || baseline === undefined ? '' : formatMetric(baseline)}</td><td>${escapeHtml(baseline === null || baseline === undefined ? '' : row.baselineName)}</td></tr>`;
  });
  return `<table id="metrics"><thead><tr><th>metric</th><th>value</th><th>baseline</th><th>baseline is</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The threshold table of metrics.operating_points: the test split's rates at the chosen threshold
 * and at the thresholds that keep the test FPR at or below 0.1 %, 1 % and 5 %. Empty when absent.
 */
export function thresholdTable(metrics: Record<string, unknown>): string {
  const rows = metrics.operating_points as OperatingPoint[] | undefined;
  if (!rows || rows.length === 0) return '';
  const body = rows.map((r) =>
    `<tr><td>${r.at === 'chosen' ? `chosen threshold (${escapeHtml(String(metrics.threshold_strategy ?? ''))})` : `test FPR ≤ ${+(r.at * 100).toPrecision(3)} %`}</td>` +
      `<td>${formatMetric(r.threshold, 5)}</td><td>${formatMetric(r.fpr)}</td><td>${formatMetric(r.recall)}</td><td>${formatMetric(r.precision)}</td><td>${formatMetric(r.f1)}</td></tr>`);
  return `<h2>Threshold table (test split)</h2>
<p class="meta">All rates are measured on the TEST split. The rows below the first pick their threshold from the test normal images, so they show what such an operating point gives; they are not a way to choose one.</p>
<table id="thresholds"><thead><tr><th>threshold at</th><th>threshold</th><th>test FPR</th><th>test recall</th><th>test precision</th><th>test F1</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function runFacts(m: Record<string, unknown>): string {
  const confusion = m.confusion as { tp: number; fp: number; tn: number; fn: number } | undefined;
  const counts = m.counts as { normal: number; anomalous: number } | undefined;
  const facts: string[] = [];
  if (typeof m.threshold === 'number') facts.push(`threshold ${m.threshold.toPrecision(6)} (${escapeHtml(String(m.threshold_strategy ?? ''))}; never set from the test split)`);
  if (counts) facts.push(`test images: ${counts.normal} normal, ${counts.anomalous} anomalous`);
  if (confusion) facts.push(`confusion at the threshold: TP ${confusion.tp}, FP ${confusion.fp}, TN ${confusion.tn}, FN ${confusion.fn}`);
  for (const key of ['model', 'dataset', 'category', 'seed', 'backend', 'fit_seconds', 'test_seconds']) {
    if (m[key] !== undefined) facts.push(`${key}: ${escapeHtml(String(m[key]))}`);
  }
  return `<ul class="meta" id="facts">${facts.map((f) => `<li>${f}</li>`).join('')}</ul>`;
}

function galleryHtml(entries: GalleryEntry[]): string {
  if (entries.length === 0) return '<p class="meta">No visualisations (the model gives no anomaly maps, or visualisations are off).</p>';
  const outcomes = [...new Set(entries.map((e) => e.outcome))].sort();
  const types = [...new Set(entries.map((e) => e.defectType))].sort();
  const option = (v: string): string => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`;
  const figures = entries.map(figureHtml);
  return `<div class="filters">outcome <select id="filter-outcome"><option value="">all</option>${outcomes.map(option).join('')}</select>` +
    `defect type <select id="filter-defect"><option value="">all</option>${types.map(option).join('')}</select>` +
    `<span id="shown-count"></span>` +
    `<span class="swatch" style="background:rgb(0,230,64)"></span>ground truth <span class="swatch" style="background:rgb(0,220,255)"></span>predicted region</div>` +
    `<div class="gallery" id="gallery">${figures.join('')}</div>`;
}

function figureHtml(e: GalleryEntry): string {
  return `<figure data-outcome="${e.outcome}" data-defect="${escapeHtml(e.defectType)}">` +
    `<img src="${escapeHtml(e.file)}" alt="${escapeHtml(e.panels.join(' | '))} of ${escapeHtml(e.image)}">` +
    `<figcaption><span class="outcome-${e.outcome}">${e.outcome}</span> · ${escapeHtml(e.defectType)} · score ${formatMetric(e.score, 5)} · ${escapeHtml(e.reason)} · ` +
    `${escapeHtml(e.image)}<br><span class="meta">${escapeHtml(e.panels.join(' | '))}</span></figcaption></figure>`;
}

function syntheticHtml(metrics: Record<string, unknown>, entries: GalleryEntry[] | undefined): string {
  if (!entries || entries.length === 0) return '';
  return `<h2>Synthetic validation anomalies</h2>
<p class="meta">${escapeHtml(String(metrics.synthetic_anomalies ?? entries.length))} defective copies of normal VALIDATION images (green: the exact mask of the changed pixels) were among the images the threshold was chosen from; the first ${entries.length}, with their outcome at the threshold:</p>
<div class="gallery" id="synthetic">${entries.map(figureHtml).join('')}</div>`;
}

const FILTER_SCRIPT = `
(function () {
  var outcome = document.getElementById('filter-outcome');
  var defect = document.getElementById('filter-defect');
  var shown = document.getElementById('shown-count');
  if (!outcome || !defect) return;
  function apply() {
    var figures = document.querySelectorAll('#gallery figure');
    var visible = 0;
    figures.forEach(function (f) {
      var ok = (!outcome.value || f.dataset.outcome === outcome.value) && (!defect.value || f.dataset.defect === defect.value);
      f.style.display = ok ? '' : 'none';
      if (ok) visible++;
    });
    shown.textContent = visible + ' of ' + figures.length + ' shown';
  }
  outcome.addEventListener('change', apply);
  defect.addEventListener('change', apply);
  apply();
})();
`;

/** A self-contained page: inline style and script, images by paths relative to the run directory. */
export function renderRunReport(input: RunReportInput): string {
  const m = input.metrics;
  const notes = [...((m.notes as string[] | undefined) ?? []), ...(input.notes ?? [])];
  const plots = input.plots.map((p) =>
    `<figure><img src="${escapeHtml(p.svg)}" alt="${escapeHtml(p.title)}"><figcaption class="meta">${escapeHtml(p.title)} · <a href="${escapeHtml(p.png)}">PNG</a> · <a href="${escapeHtml(p.svg)}">SVG</a></figcaption></figure>`,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>${PAGE_STYLE}</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${runFacts(m)}
<h2>Metrics</h2>
${metricsTable(m)}
${thresholdTable(m)}
${notes.length ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
<h2>Plots</h2>
<div class="plots">${plots.join('')}</div>
<h2>Visualisations</h2>
${galleryHtml(input.gallery)}
${syntheticHtml(m, input.synthetic)}
<script>${FILTER_SCRIPT}</script>
</body></html>
`;
}

export function writeRunReport(dir: string, input: RunReportInput): string {
  const file = path.join(dir, REPORT_FILE);
  writeFileAtomic(file, renderRunReport(input));
  return file;
}
