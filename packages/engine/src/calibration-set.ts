import { ImageRecord, ScoredSource, UserError } from '@anomaly-zoo/core';
import { ImageSet, makeSyntheticAnomalies, ValidationAnomalyKind } from '@anomaly-zoo/data';
import type { DataConfig } from './config/schema';
import { SYNTHETIC_SHOWN, SyntheticExample } from './evaluate-run';

/** The images a threshold is chosen from: the validation split, plus defective copies of its normal images. */
export interface CalibrationSet {
  set: ImageSet;
  /** Exact masks of the synthetic anomalies, by record. */
  masks: Map<ImageRecord, Uint8Array>;
  /** Pixels (HWC bytes) of the synthetic anomalies, by record. */
  images: Map<ImageRecord, Uint8Array>;
  synthetic: Array<{ record: ImageRecord; kind: ValidationAnomalyKind; source: ImageRecord }>;
}

/** Marks a synthetic record's path: `<source path>#synthetic-<k>`; never a file. */
export const SYNTHETIC_PATH_MARK = '#synthetic-';

/**
 * Adds `count` synthetic anomalies (seeded by `seed`) made only from the normal images of
 * `validation`: test images never reach threshold selection, and training images are not reused.
 * The set decodes real records as the validation split does and synthetic ones from memory.
 */
export async function calibrationSet(validation: ImageSet, data: DataConfig, count: number, seed: number): Promise<CalibrationSet> {
  const masks = new Map<ImageRecord, Uint8Array>();
  const bytes = new Map<ImageRecord, Uint8Array>();
  if (count === 0) return { set: validation, masks, images: bytes, synthetic: [] };
  const normals = validation.records.filter((r) => r.label === 0);
  if (normals.length === 0) throw new UserError('evaluation.validation.synthetic_anomalies: the validation split has no normal images to copy');
  const pre = validation.preprocessing;
  const decoded = await validation.withRecords(normals, { cache: false, prefetch: 0 }).decodeAll();
  const sources = decoded.map((floats) => ({ ...pre, pixels: Uint8Array.from(floats, (v) => Math.round(v * 255)) }));
  const synthetic = makeSyntheticAnomalies(sources, count, seed).map((anomaly, k) => {
    const source = normals[anomaly.source]!;
    const record: ImageRecord = {
      path: `${source.path}${SYNTHETIC_PATH_MARK}${k}`, label: 1, defectType: `synthetic-${anomaly.kind}`, group: source.group ?? source.path,
    };
    bytes.set(record, anomaly.pixels);
    masks.set(record, anomaly.mask);
    return { record, kind: anomaly.kind, source };
  });
  const set = new ImageSet([...validation.records, ...synthetic.map((s) => s.record)], pre, {
    prefetch: data.prefetch, cache: data.cache, limitInputPixels: data.limit_input_pixels,
    decode: (record, p) => {
      const made = bytes.get(record);
      return made ? Promise.resolve(made) : validation.decode(record, p);
    },
  });
  return { set, masks, images: bytes, synthetic };
}

/** The first SYNTHETIC_SHOWN synthetic anomalies with their scores and maps, for the report; none without maps. */
export function syntheticExamples(calibration: CalibrationSet, scored: ScoredSource): SyntheticExample[] {
  const maps = scored.maps;
  if (!maps) return [];
  return calibration.synthetic.slice(0, SYNTHETIC_SHOWN).flatMap(({ record, source }) => {
    const i = scored.records.indexOf(record);
    return i < 0 ? [] : [{ record, source, image: calibration.images.get(record)!, mask: calibration.masks.get(record)!, map: maps[i]!, score: scored.scores[i]! }];
  });
}
