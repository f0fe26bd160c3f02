import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '@anomaly-zoo/core';
import { auroc } from '../auroc';
import { averagePrecision } from '../average-precision';
import { confusionAt, precision, recall } from '../confusion';
import { prCurve, rocCurve } from '../curves';
import { chartToSvg, ChartSpec, svgToPng } from './render-chart';
import { histogramSpec, prSpec, rocSpec, ScoredItem, stripSpec } from './plot-specs';

export interface PlotFile {
  name: string;
  title: string;
  /** Relative to the directory the plots were written for (the run directory). */
  svg: string;
  png: string;
}

export interface PlotsInput {
  items: readonly ScoredItem[];
  threshold: number;
  aurocInterval?: { low: number; high: number; level: number };
}

export const PLOTS_DIR = 'plots';

/**
 * Writes roc, pr, histogram and defect-types as SVG and PNG under `<dir>/plots`. A plot the test
 * split cannot define (ROC with one class, PR without anomalies) is left out with a note.
 */
export async function writePlots(dir: string, input: PlotsInput): Promise<{ plots: PlotFile[]; notes: string[] }> {
  const { items, threshold } = input;
  const scores = items.map((item) => item.score);
  const labels = items.map((item) => item.label);
  const anomalous = labels.filter((l) => l === 1).length;
  const notes: string[] = [];
  const specs: Array<{ name: string; title: string; spec: ChartSpec }> = [];

  const c = confusionAt(scores, labels, threshold);
  const point = { fpr: c.fp / Math.max(1, c.fp + c.tn), recall: recall(c), precision: precision(c) };
  if (anomalous > 0 && anomalous < items.length) {
    specs.push({ name: 'roc', title: 'ROC curve (diamond: the threshold)', spec: rocSpec(rocCurve(scores, labels), auroc(scores, labels), input.aurocInterval, point) });
  } else {
    notes.push('ROC plot left out: the test split holds only one class');
  }
  if (anomalous > 0) {
    specs.push({
      name: 'pr', title: 'Precision–recall curve (diamond: the threshold)',
      spec: prSpec(prCurve(scores, labels), averagePrecision(scores, labels), anomalous / items.length, point),
    });
  } else {
    notes.push('precision–recall plot left out: the test split holds no anomalous images');
  }
  specs.push({ name: 'histogram', title: 'Score histogram', spec: histogramSpec(items, threshold) });
  specs.push({ name: 'defect-types', title: 'Scores by defect type', spec: stripSpec(items, threshold) });

  fs.mkdirSync(path.join(dir, PLOTS_DIR), { recursive: true });
  const plots: PlotFile[] = [];
  for (const { name, title, spec } of specs) {
    const svg = await chartToSvg(spec);
    const files = { svg: `${PLOTS_DIR}/${name}.svg`, png: `${PLOTS_DIR}/${name}.png` };
    writeFileAtomic(path.join(dir, files.svg), svg);
    writeFileAtomic(path.join(dir, files.png), await svgToPng(svg));
    plots.push({ name, title, ...files });
  }
  return { plots, notes };
}
