import counts from './industrial-counts.json';

/**
 * Published image counts of the industrial sets beside MVTec AD, checked by `tools/datasets verify`.
 * VisA: Zou et al., ECCV 2022, Table 1 (10,821 images: 9,621 normal, 1,200 anomalous).
 * MVTec LOCO AD: Bergmann et al., IJCV 2022, Table 1 (1,772 train, 304 validation, 1,568 test of which 575 good,
 * 561 logical and 432 structural anomalies).
 * MPDD: Jezek et al., ICUMT 2021 (1,346 images: 888 train, 458 test of which 282 defective), MVTec layout.
 * BTAD: Mishra et al., ISIE 2021 (2,540 images: 1,799 train, 741 test of which 290 defective).
 * The per-category numbers are data, kept in industrial-counts.json; this module gives them their types.
 */

export interface VisaCategory {
  normal: number;
  anomaly: number;
}

export interface LocoCategory {
  train: number;
  validation: number;
  testGood: number;
  logical: number;
  structural: number;
}

/** MPDD categories in the MVTec layout (defect folders as shipped). */
export interface MpddCategory {
  train: number;
  testGood: number;
  testDefective: number;
  defects: readonly string[];
}

export const VISA_CATEGORIES: Readonly<Record<string, VisaCategory>> = counts.visa;
export const LOCO_CATEGORIES: Readonly<Record<string, LocoCategory>> = counts['mvtec-loco'];
export const MPDD_CATEGORIES: Readonly<Record<string, MpddCategory>> = counts.mpdd;

/** BTAD's products; the published counts are totals over the three. */
export const BTAD_PRODUCTS = ['01', '02', '03'] as const;
export const BTAD_TOTALS: Readonly<{ train: number; testGood: number; testDefective: number }> = counts.btad.totals;
