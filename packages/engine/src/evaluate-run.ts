import * as path from 'path';
import { ImageRecord, Preprocessing, ScoredSource, writeFileAtomic, writeJsonAtomic } from '@anomaly-zoo/core';
import { decodeMask } from '@anomaly-zoo/data';
import {
  aupro, bootstrapAurocCI, bootstrapFprCI, chooseThreshold, composeVisualisation, GalleryEntry, heatRange, imageMetrics, isAnomalous, minMaxNormaliser, normalise,
  operatingPointTable, outcomeOf, panelNames, percentile, pixelAuroc, pixelF1Max, selectForVisualisation, UndefinedMetricError, writePlots, writeRunReport,
} from '@anomaly-zoo/eval';
import type { OperatingPoint } from '@anomaly-zoo/eval';
import type { ImageSet } from '@anomaly-zoo/data';
import type { EvaluationConfig } from './config/schema';
import { csvLine } from './csv';
import type { NormalisationInfo, ThresholdInfo } from './saved-model';
import type { Scorer } from './scoring';

/** Threshold and score normalisation from the validation split, never from the test split. */
export function calibrate(validation: ScoredSource, config: EvaluationConfig): { threshold: ThresholdInfo; normalisation: NormalisationInfo } {
  const labels = validation.records.map((r) => r.label);
  const t = config.threshold;
  const threshold = chooseThreshold(t.strategy, { scores: validation.scores, labels }, {
    percentile: t.percentile, k: t.k, value: t.value, targetFpr: t.target_fpr, targetRecall: t.target_recall,
  });
  const normalisation = minMaxNormaliser(threshold.value, validation.scores);
  return { threshold, normalisation };
}

/**
 * The pixel threshold drawn as the predicted-region contour. With synthetic anomalies (their exact
 * masks in `masks`) it is the best pixel-F1 threshold over the validation maps, normal maps counting
 * as all-normal pixels. Otherwise it is the highest pixel of any normal validation map, so no pixel of
 * a normal validation image counts as predicted (a percentile would land on the image borders, which
 * autoencoders reconstruct worst, and outline every normal image). Undefined without validation maps.
 */
export function pixelThresholdFromValidation(validation: ScoredSource, masks?: ReadonlyMap<ImageRecord, Uint8Array>): number | undefined {
  if (!validation.maps || validation.maps.length === 0) return undefined;
  const maps = validation.maps;
  if (masks && masks.size > 0) {
    const pairs = validation.records.flatMap((record, i) => {
      const mask = record.label === 0 ? new Uint8Array(maps[i]!.length) : masks.get(record);
      return mask ? [{ map: maps[i]!, mask }] : [];
    });
    return pixelF1Max(pairs.map((p) => p.map), pairs.map((p) => p.mask)).threshold;
  }
  let max = -Infinity;
  validation.records.forEach((record, i) => {
    if (record.label === 0) for (const v of maps[i]!) if (v > max) max = v;
  });
  return max === -Infinity ? undefined : max;
}

type Interval = { low: number; high: number; level: number; resamples: number; seed: number };

export interface TestMetrics extends Record<string, unknown> {
  image_auroc: number | null;
  image_auroc_ci?: Interval | null;
  /** False-positive rate the threshold realises on the test split, with its bootstrap interval. */
  image_fpr?: number | null;
  image_fpr_ci?: Interval | null;
  /** The threshold table on the test split: the chosen threshold and test FPR 0.1 %, 1 %, 5 %. */
  operating_points?: OperatingPoint[];
  pixel_auroc?: number | null;
  pixel_f1max?: number | null;
  pixel_aupro?: number | null;
  notes: string[];
}

export interface EvaluateOptions {
  bootstrap?: { resamples: number; level: number };
  seed?: number;
}

/** Image metrics at the calibrated threshold, AUROC's bootstrap interval, and pixel metrics where masks exist. */
export async function evaluateTest(
  test: ScoredSource,
  threshold: ThresholdInfo,
  preprocessing: Preprocessing,
  options: EvaluateOptions = {},
): Promise<TestMetrics> {
  const labels = test.records.map((r) => r.label);
  const image = imageMetrics({ scores: test.scores, labels, threshold: threshold.value });
  const metrics = image as unknown as TestMetrics;
  const notes = [...(metrics.notes ?? [])];
  if (threshold.note) notes.push(threshold.note);
  const hasNormals = image.counts.normal > 0;
  metrics.image_fpr = hasNormals ? image.confusion.fp / image.counts.normal : null;
  if (metrics.image_auroc !== null) metrics.operating_points = operatingPointTable(test.scores, labels, threshold.value);
  const bootstrap = options.bootstrap;
  if (bootstrap && bootstrap.resamples > 0) {
    const seed = options.seed ?? 0;
    const resampling = { seed, resamples: bootstrap.resamples, level: bootstrap.level };
    if (metrics.image_auroc === null) {
      metrics.image_auroc_ci = null;
      notes.push('image_auroc_ci undefined: AUROC needs both classes in the test split');
    } else {
      const ci = bootstrapAurocCI(test.scores, labels, resampling);
      metrics.image_auroc_ci = { low: ci.low, high: ci.high, level: ci.level, resamples: ci.resamples, seed };
    }
    if (hasNormals) {
      const ci = bootstrapFprCI(test.scores, labels, threshold.value, resampling);
      metrics.image_fpr_ci = { low: ci.low, high: ci.high, level: ci.level, resamples: ci.resamples, seed };
    }
  }
  if (test.maps && test.records.some((r) => r.maskPath)) {
    const { maps, masks } = await pairMapsWithMasks(test, preprocessing);
    const pixel = {
      pixel_auroc: () => pixelAuroc(maps, masks),
      pixel_f1max: () => pixelF1Max(maps, masks).f1,
      pixel_aupro: () => aupro(maps, masks, preprocessing),
    };
    for (const [key, compute] of Object.entries(pixel)) {
      try {
        metrics[key] = compute();
      } catch (error) {
        if (!(error instanceof UndefinedMetricError)) throw error;
        metrics[key] = null;
        notes.push(`${key} undefined: ${error.message}`);
      }
    }
  }
  metrics.notes = notes;
  return metrics;
}

/** Normal images count as all-zero masks; defect images without a mask are left out. */
async function pairMapsWithMasks(test: ScoredSource, pre: Preprocessing): Promise<{ maps: Float32Array[]; masks: Uint8Array[] }> {
  const maps: Float32Array[] = [];
  const masks: Uint8Array[] = [];
  for (let i = 0; i < test.records.length; i++) {
    const record = test.records[i]!;
    if (record.label === 1 && !record.maskPath) continue;
    maps.push(test.maps![i]!);
    masks.push(record.maskPath ? await decodeMask(record.maskPath, pre) : new Uint8Array(pre.height * pre.width));
  }
  return { maps, masks };
}

/** What the threshold was chosen from, so a reader can check it sits above the normal scores. */
export function summariseScores(scores: Float32Array): { count: number; min: number | null; max: number | null } {
  if (scores.length === 0) return { count: 0, min: null, max: null };
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  return { count: scores.length, min, max };
}

/** One validation image's score as saved in a run; synthetic anomalies carry SYNTHETIC_PATH_MARK in their path. */
export interface SavedValidationScore {
  path: string;
  label: 0 | 1;
  defect_type: string;
  score: number;
}

/**
 * Saves the validation scores a threshold was chosen from, so a finished run can be re-thresholded
 * without its model. JSON keeps each float32 score exact.
 */
export function writeValidationScores(file: string, validation: ScoredSource, relativeTo: string): void {
  const scores: SavedValidationScore[] = validation.records.map((record, i) => ({
    path: path.relative(relativeTo, record.path) || record.path, label: record.label, defect_type: record.defectType, score: validation.scores[i]!,
  }));
  writeJsonAtomic(file, { format: 'anomaly-zoo-validation-scores', version: 1, scores });
}

export function writeScoresCsv(file: string, test: ScoredSource, threshold: ThresholdInfo, normalisation: NormalisationInfo, relativeTo: string): void {
  const rows = test.records.map((record, i) => {
    const score = test.scores[i]!;
    return csvLine([
      path.relative(relativeTo, record.path) || record.path,
      record.label,
      record.defectType,
      score,
      normalise(score, normalisation),
      isAnomalous(score, threshold.value) ? 1 : 0,
    ]);
  });
  writeFileAtomic(file, csvLine(['path', 'label', 'defect_type', 'score', 'normalised_score', 'prediction']) + rows.join(''));
}

export interface ReportInput {
  /** The run (or test) directory the plots, visualisations and report.html go into. */
  dir: string;
  title: string;
  model: Scorer;
  test: ScoredSource;
  threshold: ThresholdInfo;
  pixelThreshold?: number;
  preprocessing: Preprocessing;
  /** The set the test scores came from: the gallery's images are read as it reads them. */
  testSet: ImageSet;
  config: EvaluationConfig;
  seed: number;
  metrics: Record<string, unknown>;
  /** Image paths in the gallery are shown relative to this. */
  relativeTo: string;
  /** A few synthetic validation anomalies to show, with their validation maps. */
  synthetic?: SyntheticExample[];
}

export interface SyntheticExample {
  record: ImageRecord;
  /** HWC bytes. */
  image: Uint8Array;
  mask: Uint8Array;
  map: Float32Array;
  score: number;
  /** The normal validation image it is a copy of. */
  source: ImageRecord;
}

/** Synthetic anomalies drawn in report.html. */
export const SYNTHETIC_SHOWN = 4;
export const SYNTHETIC_DIR = 'validation-anomalies';

export const VISUALISATIONS_DIR = 'visualisations';

/** Plots, visualisations of the selected test images, and report.html; returns notes for the log. */
export async function writeReport(input: ReportInput): Promise<{ notes: string[]; visualisations: number }> {
  const { test, threshold } = input;
  const items = test.records.map((record, i) => ({ score: test.scores[i]!, label: record.label, defectType: record.defectType }));
  const ci = input.metrics.image_auroc_ci as { low: number; high: number; level: number } | null | undefined;
  const { plots, notes } = await writePlots(input.dir, { items, threshold: threshold.value, ...(ci ? { aurocInterval: ci } : {}) });
  const { entries, notes: galleryNotes } = await writeVisualisations(input, items);
  notes.push(...galleryNotes);
  const synthetic = await writeSyntheticExamples(input);
  writeRunReport(input.dir, { title: input.title, metrics: input.metrics, plots, gallery: entries, synthetic, notes });
  return { notes, visualisations: entries.length };
}

/**
 * Asks the model for maps and reconstructions of the selected images only, so memory stays
 * bounded by the gallery size however large the test split is.
 */
async function writeVisualisations(input: ReportInput, items: Array<{ score: number; label: 0 | 1 }>): Promise<{ entries: GalleryEntry[]; notes: string[] }> {
  const { count, selection } = input.config.visualisations;
  const selected = selectForVisualisation(items, { count, selection, seed: input.seed });
  if (selected.length === 0) return { entries: [], notes: [] };
  const records: ImageRecord[] = selected.map((s) => input.test.records[s.index]!);
  const set = input.testSet.withRecords(records, { cache: false, prefetch: 0 });
  const images = await set.decodeAll();
  const maps: Float32Array[] = [];
  const reconstructions: Float32Array[] = [];
  for await (const batch of set.batches({ batchSize: input.config.batch_size })) {
    try {
      const result = await input.model.score(batch.x, { maps: true, reconstructions: true });
      if (!result.maps) return { entries: [], notes: ['no visualisations: the model returns no anomaly maps'] };
      maps.push(...result.maps);
      if (result.reconstructions) reconstructions.push(...result.reconstructions);
    } finally {
      batch.x.dispose();
    }
  }
  const mapRange = heatRange(maps);
  const pixelThreshold = input.pixelThreshold ?? percentile(maps.flatMap((m) => Array.from(m)), 99);
  const notes = [
    input.pixelThreshold === undefined
      ? `predicted-region contours: map > ${pixelThreshold.toPrecision(4)}, the 99th percentile of the drawn maps (no validation maps)`
      : `predicted-region contours: map > ${pixelThreshold.toPrecision(4)}, from the validation maps (best pixel F1 on the synthetic anomalies when there are some, else the highest normal pixel); heat maps share the range ${mapRange.lo.toPrecision(4)}–${mapRange.hi.toPrecision(4)}`,
  ];
  const entries: GalleryEntry[] = [];
  const hasReconstructions = reconstructions.length === records.length;
  for (let k = 0; k < selected.length; k++) {
    const record = records[k]!;
    const score = input.test.scores[selected[k]!.index]!;
    const outcome = outcomeOf(score, record.label, input.threshold.value);
    const png = await composeVisualisation({
      ...input.preprocessing,
      image: images[k]!,
      ...(hasReconstructions ? { reconstruction: reconstructions[k]! } : {}),
      map: maps[k]!,
      ...(record.maskPath ? { mask: await decodeMask(record.maskPath, input.preprocessing) } : {}),
      mapRange,
      pixelThreshold,
    });
    const stem = `${String(k).padStart(3, '0')}-${outcome}-${record.defectType}-${path.basename(record.path, path.extname(record.path))}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const file = `${VISUALISATIONS_DIR}/${stem}.png`;
    writeFileAtomic(path.join(input.dir, file), png);
    entries.push({
      file, image: path.relative(input.relativeTo, record.path) || record.path, label: record.label, defectType: record.defectType,
      score, outcome, reason: selected[k]!.reason, panels: panelNames(hasReconstructions),
    });
  }
  return { entries, notes };
}

/** original | heat map | overlay of each synthetic example, its exact mask as the ground-truth contour. */
async function writeSyntheticExamples(input: ReportInput): Promise<GalleryEntry[]> {
  const examples = input.synthetic ?? [];
  if (examples.length === 0) return [];
  const mapRange = heatRange(examples.map((e) => e.map));
  const entries: GalleryEntry[] = [];
  for (const [k, example] of examples.entries()) {
    const png = await composeVisualisation({
      ...input.preprocessing, image: Float32Array.from(example.image, (v) => v / 255), map: example.map, mask: example.mask, mapRange,
      pixelThreshold: input.pixelThreshold ?? mapRange.hi,
    });
    const file = `${SYNTHETIC_DIR}/${String(k).padStart(3, '0')}-${example.record.defectType}.png`;
    writeFileAtomic(path.join(input.dir, file), png);
    entries.push({
      file, image: path.relative(input.relativeTo, example.source.path) || example.source.path, label: 1, defectType: example.record.defectType,
      score: example.score, outcome: outcomeOf(example.score, 1, input.threshold.value), reason: 'synthetic copy of', panels: panelNames(false),
    });
  }
  return entries;
}
