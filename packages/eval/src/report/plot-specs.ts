import type { PrCurve, RocCurve } from '../curves';
import type { ChartSpec } from './render-chart';

const WIDTH = 360;
const HEIGHT = 300;
const NORMAL_COLOUR = '#4c78a8';
const ANOMALOUS_COLOUR = '#e45756';
const THRESHOLD_COLOUR = '#222222';

function fixed(value: number, digits = 3): string {
  return value.toFixed(digits);
}

/** The rates of the test split at the run's threshold, marked on the ROC and PR curves. */
export interface OperatingPointMark {
  fpr: number;
  recall: number;
  precision: number;
}

/** A filled point at (x, y) with the threshold's rates as its legend entry. */
function operatingPointLayer(x: string, y: string, at: Record<string, number>, label: string): object {
  return {
    data: { values: [{ ...at, point: label }] },
    mark: { type: 'point', filled: true, size: 90, shape: 'diamond' },
    encoding: {
      x: { field: x, type: 'quantitative' },
      y: { field: y, type: 'quantitative' },
      fill: { field: 'point', type: 'nominal', title: null, scale: { range: [THRESHOLD_COLOUR] }, legend: { orient: 'bottom', labelLimit: 400 } },
    },
  };
}


/**
 * ROC curve with the chance diagonal; the legend carries AUROC and, when given, its interval. The
 * threshold's operating point, when given, is a diamond on the curve.
 */
export function rocSpec(
  curve: RocCurve,
  auroc: number,
  interval?: { low: number; high: number; level: number },
  operatingPoint?: OperatingPointMark,
): ChartSpec {
  const label = interval
    ? `AUROC ${fixed(auroc)} (${Math.round(interval.level * 100)}% CI ${fixed(interval.low)}–${fixed(interval.high)})`
    : `AUROC ${fixed(auroc)}`;
  const points = curve.fpr.map((fpr, i) => ({ fpr, tpr: curve.tpr[i], order: i, curve: label }));
  return {
    title: 'ROC (image level)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: [{ fpr: 0, tpr: 0, curve: 'chance' }, { fpr: 1, tpr: 1, curve: 'chance' }] },
        mark: { type: 'line', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          color: { field: 'curve', type: 'nominal', legend: null, scale: { range: ['#999999'] } },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
          stroke: { field: 'curve', type: 'nominal', title: null, scale: { range: [ANOMALOUS_COLOUR] }, legend: { orient: 'bottom-right', labelLimit: 400 } },
        },
      },
      ...(operatingPoint ? [operatingPointLayer('fpr', 'tpr', { fpr: operatingPoint.fpr, tpr: operatingPoint.recall }, `threshold: FPR ${fixed(operatingPoint.fpr)}, recall ${fixed(operatingPoint.recall)}`)] : []),
    ],
    resolve: { scale: { color: 'independent' } },
  } as ChartSpec;
}

/**
 * Precision–recall steps with the all-anomalous precision (the prevalence) as a dashed baseline,
 * and the threshold's operating point as a diamond when given.
 */
export function prSpec(curve: PrCurve, averagePrecision: number, prevalence: number, operatingPoint?: OperatingPointMark): ChartSpec {
  const label = `AP ${fixed(averagePrecision)}`;
  const points = [{ recall: 0, precision: curve.precision[0], order: -1, curve: label }].concat(
    curve.recall.map((recall, i) => ({ recall, precision: curve.precision[i], order: i, curve: label })),
  );
  return {
    title: 'Precision–recall (image level)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', interpolate: 'step-before', strokeWidth: 2 },
        encoding: {
          x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', title: 'precision (dashed: all anomalous)', scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
          stroke: { field: 'curve', type: 'nominal', title: null, scale: { range: [ANOMALOUS_COLOUR] }, legend: { orient: 'bottom-left' } },
        },
      },
      {
        data: { values: [{ prevalence, label: `all anomalous ${fixed(prevalence)}` }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#999999' },
        encoding: { y: { field: 'prevalence', type: 'quantitative', title: 'precision (dashed: all anomalous)' } },
      },
      ...(operatingPoint ? [operatingPointLayer('recall', 'precision', { recall: operatingPoint.recall, precision: operatingPoint.precision }, `threshold: recall ${fixed(operatingPoint.recall)}, precision ${fixed(operatingPoint.precision)}`)] : []),
    ],
  } as ChartSpec;
}

export interface ScoredItem {
  score: number;
  label: 0 | 1;
  defectType: string;
}

/** Overlaid histograms of normal and anomalous test scores with the threshold as a vertical rule. */
export function histogramSpec(items: readonly ScoredItem[], threshold: number): ChartSpec {
  const values = items.map((item) => ({ score: item.score, class: item.label === 1 ? 'anomalous' : 'normal' }));
  return {
    title: 'Test scores by class',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
        encoding: {
          x: { field: 'score', type: 'quantitative', bin: { maxbins: 30, extent: extentWith(items, threshold) }, title: 'anomaly score' },
          y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'images' },
          color: { field: 'class', type: 'nominal', title: null, scale: { domain: ['normal', 'anomalous'], range: [NORMAL_COLOUR, ANOMALOUS_COLOUR] } },
        },
      },
      thresholdRule(threshold),
    ],
  } as ChartSpec;
}

/** One tick per test image, one row per defect type ('good' first), with the threshold rule. */
export function stripSpec(items: readonly ScoredItem[], threshold: number): ChartSpec {
  const types = [...new Set(items.map((item) => item.defectType))].sort((a, b) => (a === 'good' ? -1 : b === 'good' ? 1 : a.localeCompare(b)));
  const values = items.map((item) => ({ score: item.score, type: item.defectType, class: item.label === 1 ? 'anomalous' : 'normal' }));
  return {
    title: 'Test scores by defect type',
    width: WIDTH,
    height: Math.max(80, 28 * types.length),
    layer: [
      {
        data: { values },
        mark: { type: 'tick', thickness: 2, size: 18, opacity: 0.8 },
        encoding: {
          x: { field: 'score', type: 'quantitative', title: 'anomaly score', scale: { domain: extentWith(items, threshold), nice: false } },
          y: { field: 'type', type: 'nominal', title: null, sort: types },
          color: { field: 'class', type: 'nominal', title: null, scale: { domain: ['normal', 'anomalous'], range: [NORMAL_COLOUR, ANOMALOUS_COLOUR] } },
        },
      },
      thresholdRule(threshold),
    ],
  } as ChartSpec;
}

function thresholdRule(threshold: number): object {
  return {
    data: { values: [{ threshold }] },
    mark: { type: 'rule', color: THRESHOLD_COLOUR, strokeWidth: 2, strokeDash: [6, 3] },
    encoding: { x: { field: 'threshold', type: 'quantitative' } },
  };
}

/** The score range, widened to include the threshold so its rule is always on the chart. */
function extentWith(items: readonly ScoredItem[], threshold: number): [number, number] {
  let lo = threshold;
  let hi = threshold;
  for (const item of items) {
    lo = Math.min(lo, item.score);
    hi = Math.max(hi, item.score);
  }
  if (hi === lo) hi = lo + 1;
  return [lo, hi];
}
