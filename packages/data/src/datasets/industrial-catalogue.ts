/**
 * Published image counts of the industrial sets beside MVTec AD, checked by `tools/datasets verify`.
 * VisA: Zou et al., ECCV 2022, Table 1 (10,821 images: 9,621 normal, 1,200 anomalous).
 * MVTec LOCO AD: Bergmann et al., IJCV 2022, Table 1 (1,772 train, 304 validation, 1,568 test of which 575 good,
 * 561 logical and 432 structural anomalies).
 * MPDD: Jezek et al., ICUMT 2021 (1,346 images: 888 train, 458 test of which 282 defective), MVTec layout.
 * BTAD: Mishra et al., ISIE 2021 (2,540 images: 1,799 train, 741 test of which 290 defective).
 */

export interface VisaCategory {
  normal: number;
  anomaly: number;
}

export const VISA_CATEGORIES: Readonly<Record<string, VisaCategory>> = {
  candle: { normal: 1000, anomaly: 100 },
  capsules: { normal: 602, anomaly: 100 },
  cashew: { normal: 500, anomaly: 100 },
  chewinggum: { normal: 503, anomaly: 100 },
  fryum: { normal: 500, anomaly: 100 },
  macaroni1: { normal: 1000, anomaly: 100 },
  macaroni2: { normal: 1000, anomaly: 100 },
  pcb1: { normal: 1004, anomaly: 100 },
  pcb2: { normal: 1001, anomaly: 100 },
  pcb3: { normal: 1006, anomaly: 100 },
  pcb4: { normal: 1005, anomaly: 100 },
  pipe_fryum: { normal: 500, anomaly: 100 },
};

export interface LocoCategory {
  train: number;
  validation: number;
  testGood: number;
  logical: number;
  structural: number;
}

export const LOCO_CATEGORIES: Readonly<Record<string, LocoCategory>> = {
  breakfast_box: { train: 351, validation: 62, testGood: 102, logical: 83, structural: 90 },
  juice_bottle: { train: 335, validation: 54, testGood: 94, logical: 142, structural: 94 },
  pushpins: { train: 372, validation: 69, testGood: 138, logical: 91, structural: 81 },
  screw_bag: { train: 360, validation: 60, testGood: 122, logical: 137, structural: 82 },
  splicing_connectors: { train: 354, validation: 59, testGood: 119, logical: 108, structural: 85 },
};

/** MPDD categories in the MVTec layout (defect folders as shipped). */
export const MPDD_CATEGORIES: Readonly<Record<string, { train: number; testGood: number; testDefective: number; defects: readonly string[] }>> = {
  bracket_black: { train: 289, testGood: 32, testDefective: 47, defects: ['hole', 'scratches'] },
  bracket_brown: { train: 185, testGood: 26, testDefective: 51, defects: ['bend_and_parts_mismatch', 'parts_mismatch'] },
  bracket_white: { train: 110, testGood: 30, testDefective: 30, defects: ['defective_painting', 'scratches'] },
  connector: { train: 128, testGood: 30, testDefective: 14, defects: ['parts_mismatch'] },
  metal_plate: { train: 54, testGood: 26, testDefective: 71, defects: ['major_rust', 'scratches', 'total_rust'] },
  tubes: { train: 122, testGood: 32, testDefective: 69, defects: ['anomalous'] },
};

/** BTAD's products; the published counts are totals over the three. */
export const BTAD_PRODUCTS = ['01', '02', '03'] as const;
export const BTAD_TOTALS = { train: 1799, testGood: 451, testDefective: 290 } as const;
