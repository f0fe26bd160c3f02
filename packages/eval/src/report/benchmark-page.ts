import { escapeHtml, formatMetric, PAGE_STYLE } from './html';

export interface BenchmarkRun {
  /** Column heading, e.g. "conv-ae / bottle". */
  name: string;
  /** The run's metrics.json content. */
  metrics: Record<string, unknown>;
  /** Link to the run's report.html, relative to the benchmark page. */
  reportHref?: string;
}

export interface BenchmarkPageInput {
  title: string;
  runs: BenchmarkRun[];
  /** Metric keys, in row order; defaults to the image and pixel metrics. */
  metricKeys?: string[];
}

const DEFAULT_KEYS = [
  'image_auroc', 'image_aupr', 'image_f1', 'image_f1_baseline', 'image_f1max',
  'image_precision', 'image_recall', 'image_specificity', 'pixel_auroc', 'pixel_f1max', 'pixel_aupro',
  'fit_seconds', 'test_seconds',
];

/** Lower is better for timings; higher for every quality metric. Baselines are not ranked. */
const LOWER_IS_BETTER = new Set(['fit_seconds', 'test_seconds']);
const UNRANKED = new Set(['image_f1_baseline']);

/**
 * Several runs side by side: one row per metric, one column per run, the best value of each row
 * in bold. A metric a run could not define shows "undefined", one it never measured stays empty.
 */
export function renderBenchmarkPage(input: BenchmarkPageInput): string {
  const keys = input.metricKeys ?? DEFAULT_KEYS.filter((k) => input.runs.some((r) => k in r.metrics));
  const head = input.runs
    .map((run) => `<th>${run.reportHref ? `<a href="${escapeHtml(run.reportHref)}">${escapeHtml(run.name)}</a>` : escapeHtml(run.name)}</th>`)
    .join('');
  const body = keys.map((key) => {
    const values = input.runs.map((run) => run.metrics[key]);
    const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const best = UNRANKED.has(key) || numbers.length < 2 ? undefined : LOWER_IS_BETTER.has(key) ? Math.min(...numbers) : Math.max(...numbers);
    const cells = values.map((value, i) => {
      if (!(key in input.runs[i]!.metrics)) return '<td></td>';
      const classes = [typeof value === 'number' ? '' : 'undefined', value === best ? 'best' : ''].filter(Boolean).join(' ');
      let text = formatMetric(value, LOWER_IS_BETTER.has(key) ? 3 : 4);
      const ci = input.runs[i]!.metrics.image_auroc_ci as { low: number; high: number } | null | undefined;
      if (key === 'image_auroc' && ci) text += ` <span class="meta">[${formatMetric(ci.low, 3)}, ${formatMetric(ci.high, 3)}]</span>`;
      return `<td data-run="${i}" data-metric="${escapeHtml(key)}"${classes ? ` class="${classes}"` : ''}>${text}</td>`;
    });
    return `<tr><td>${escapeHtml(key)}</td>${cells.join('')}</tr>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title><style>${PAGE_STYLE}</style></head>
<body><h1>${escapeHtml(input.title)}</h1>
<p class="meta">${input.runs.length} runs. Bold: best in the row. image_f1_baseline is the F1 of calling every test image anomalous.</p>
<table id="benchmark"><thead><tr><th>metric</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table>
</body></html>
`;
}
