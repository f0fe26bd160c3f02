function show(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(4) : value === null || value === undefined ? 'n/a' : String(value);
}

/** The short result a person reads after a run, with the trivial baseline beside F1. */
export function formatSummary(dir: string, metrics: Record<string, unknown>): string {
  const lines = [
    `results: ${dir}`,
    `backend: ${show(metrics.backend)}`,
    `image AUROC ${show(metrics.image_auroc)}   AUPR ${show(metrics.image_aupr)}`,
    `image F1 ${show(metrics.image_f1)} at threshold ${show(metrics.threshold)} (${show(metrics.threshold_strategy)})   ` +
      `trivial all-anomalous F1 ${show(metrics.image_f1_baseline)}   F1max ${show(metrics.image_f1max)}`,
  ];
  if (typeof metrics.image_fpr === 'number') {
    const ci = metrics.image_fpr_ci as { low: number; high: number; level: number } | null | undefined;
    lines.push(`test FPR ${show(metrics.image_fpr)}${ci ? ` (${Math.round(ci.level * 100)}% CI ${show(ci.low)}–${show(ci.high)})` : ''}   recall ${show(metrics.image_recall)}`);
  }
  if ('pixel_auroc' in metrics) lines.push(`pixel AUROC ${show(metrics.pixel_auroc)}`);
  for (const note of (metrics.notes as string[] | undefined) ?? []) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}
