/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A metric value for a table: fixed decimals (1 is "1.0000"), or "undefined" for null/absent (never "NaN"). */
export function formatMetric(value: unknown, digits = 4): string {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(digits);
  if (typeof value === 'string') return value;
  return 'undefined';
}

/** Shared look of the run and benchmark pages; inline so the pages need no other file. */
export const PAGE_STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f4f4f4; }
td.undefined { color: #999; font-style: italic; }
td.best { font-weight: bold; }
.notes { font-size: 13px; color: #8a5a00; }
.plots { display: flex; flex-wrap: wrap; gap: 16px; }
.plots figure, .gallery figure { margin: 0; }
.plots img { max-width: 480px; border: 1px solid #eee; }
.gallery { display: flex; flex-wrap: wrap; gap: 12px; }
.gallery figure { border: 1px solid #ddd; padding: 6px; }
.gallery img { max-width: 640px; }
.gallery figcaption { font-size: 13px; margin-top: 4px; }
.outcome-FP, .outcome-FN { color: #b00020; font-weight: bold; } .outcome-TP, .outcome-TN { color: #1b5e20; font-weight: bold; }
.filters { margin: 8px 0; font-size: 14px; } .filters select { margin-right: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin: 0 4px 0 12px; }
`;
