import { csvLine } from '../csv';
import { BenchmarkRow, ROW_COLUMNS } from './results';

const HEADINGS: Record<keyof BenchmarkRow, string> = {
  model: 'model', dataset: 'data set', seed: 'seed', status: 'status', image_auroc: 'image AUROC', image_f1: 'image F1',
  image_f1_trivial: 'trivial F1', pixel_auroc: 'pixel AUROC', fit_seconds: 'fit s', inference_images_per_second: 'inference img/s',
  peak_rss_mb: 'peak RSS MB', backend: 'backend', run_dir: 'run',
};

function show(value: unknown, digits = 3): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return String(value);
}

function cell(row: BenchmarkRow, key: keyof BenchmarkRow): string {
  const digits = key === 'fit_seconds' || key === 'inference_images_per_second' || key === 'peak_rss_mb' ? 1 : 3;
  return show(row[key], digits);
}

export function benchmarkCsv(rows: readonly BenchmarkRow[]): string {
  return csvLine(ROW_COLUMNS as string[]) + rows.map((r) => csvLine(ROW_COLUMNS.map((k) => (r[k] === null ? '' : r[k])))).join('');
}

export function benchmarkMarkdown(title: string, rows: readonly BenchmarkRow[]): string {
  const keys = ROW_COLUMNS.filter((k) => k !== 'run_dir');
  const lines = [
    `# ${title}`,
    '',
    'Image F1 is at the threshold chosen on validation images; "trivial F1" is the F1 of calling every test image anomalous.',
    '',
    `| ${keys.map((k) => HEADINGS[k]).join(' | ')} |`,
    `|${keys.map((k) => (k === 'model' || k === 'dataset' || k === 'status' || k === 'backend' ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r, k)).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A self-contained comparison page: one table, AUROC cells shaded by value, F1 beside its trivial baseline. */
export function benchmarkHtml(title: string, rows: readonly BenchmarkRow[]): string {
  const keys = ROW_COLUMNS;
  const shade = (value: number | null): string => (value === null ? '' : ` style="background:hsl(${Math.round(120 * Math.max(0, Math.min(1, (value - 0.5) * 2)))},60%,85%)"`);
  const body = rows
    .map((r) => {
      const cells = keys.map((k) => {
        const text = k === 'run_dir' ? `<a href="${escapeHtml(r.run_dir)}/">${escapeHtml(r.run_dir)}</a>` : escapeHtml(cell(r, k));
        const style = k === 'image_auroc' || k === 'pixel_auroc' ? shade(r[k]) : k === 'image_f1' && r.image_f1 !== null && r.image_f1_trivial !== null && r.image_f1 <= r.image_f1_trivial ? ' class="warn"' : '';
        return `<td${style}>${text}</td>`;
      });
      return `<tr class="${r.status}">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f4f4f4}td:nth-child(-n+4),td:nth-last-child(-n+2){text-align:left}.failed td{color:#a00}.warn{color:#a00;font-weight:bold}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Image F1 at the threshold chosen on validation images, beside the trivial F1 of calling every test image anomalous
(red when the model does no better). Peak RSS is the training process's own maximum resident set size.</p>
<table><thead><tr>${keys.map((k) => `<th>${escapeHtml(HEADINGS[k])}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}
