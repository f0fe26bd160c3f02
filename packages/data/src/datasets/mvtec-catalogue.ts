/**
 * MVTec AD categories as published (Bergmann et al., CVPR 2019, Table 1): training images, normal
 * test images, defective test images and the defect folders. The totals add up to the published
 * 3,629 / 467 / 1,258. Per-defect counts are listed only where known here (bottle).
 */
export interface MvtecCategory {
  train: number;
  testGood: number;
  testDefective: number;
  defects: readonly string[];
  perDefect?: Readonly<Record<string, number>>;
  /** Download id and file path on MVTec's share. */
  share: string;
}

const SHARE = 'https://www.mydrive.ch/shares/38536/3830184030e49fe74747669442f0f282/download';
const PILL_SHARE = 'https://www.mydrive.ch/shares/43421/11a215a5749fcfb75e331ddd5f8e43ee/download';

export const MVTEC_CATEGORIES: Readonly<Record<string, MvtecCategory>> = {
  bottle: {
    train: 209, testGood: 20, testDefective: 63, defects: ['broken_large', 'broken_small', 'contamination'],
    perDefect: { broken_large: 20, broken_small: 22, contamination: 21 }, share: `${SHARE}/420937370-1629951468/bottle.tar.xz`,
  },
  cable: {
    train: 224, testGood: 58, testDefective: 92,
    defects: ['bent_wire', 'cable_swap', 'combined', 'cut_inner_insulation', 'cut_outer_insulation', 'missing_cable', 'missing_wire', 'poke_insulation'],
    share: `${SHARE}/420937413-1629951498/cable.tar.xz`,
  },
  capsule: { train: 219, testGood: 23, testDefective: 109, defects: ['crack', 'faulty_imprint', 'poke', 'scratch', 'squeeze'], share: `${SHARE}/420937454-1629951595/capsule.tar.xz` },
  carpet: { train: 280, testGood: 28, testDefective: 89, defects: ['color', 'cut', 'hole', 'metal_contamination', 'thread'], share: `${SHARE}/420937484-1629951672/carpet.tar.xz` },
  grid: { train: 264, testGood: 21, testDefective: 57, defects: ['bent', 'broken', 'glue', 'metal_contamination', 'thread'], share: `${SHARE}/420937487-1629951814/grid.tar.xz` },
  hazelnut: { train: 391, testGood: 40, testDefective: 70, defects: ['crack', 'cut', 'hole', 'print'], share: `${SHARE}/420937545-1629951845/hazelnut.tar.xz` },
  leather: { train: 245, testGood: 32, testDefective: 92, defects: ['color', 'cut', 'fold', 'glue', 'poke'], share: `${SHARE}/420937607-1629951964/leather.tar.xz` },
  metal_nut: { train: 220, testGood: 22, testDefective: 93, defects: ['bent', 'color', 'flip', 'scratch'], share: `${SHARE}/420937637-1629952063/metal_nut.tar.xz` },
  pill: {
    train: 267, testGood: 26, testDefective: 141, defects: ['color', 'combined', 'contamination', 'crack', 'faulty_imprint', 'pill_type', 'scratch'],
    share: `${PILL_SHARE}/420938129-1629953099/pill.tar.xz`,
  },
  screw: { train: 320, testGood: 41, testDefective: 119, defects: ['manipulated_front', 'scratch_head', 'scratch_neck', 'thread_side', 'thread_top'], share: `${SHARE}/420938130-1629953152/screw.tar.xz` },
  tile: { train: 230, testGood: 33, testDefective: 84, defects: ['crack', 'glue_strip', 'gray_stroke', 'oil', 'rough'], share: `${SHARE}/420938133-1629953189/tile.tar.xz` },
  toothbrush: { train: 60, testGood: 12, testDefective: 30, defects: ['defective'], share: `${SHARE}/420938134-1629953256/toothbrush.tar.xz` },
  transistor: { train: 213, testGood: 60, testDefective: 40, defects: ['bent_lead', 'cut_lead', 'damaged_case', 'misplaced'], share: `${SHARE}/420938166-1629953277/transistor.tar.xz` },
  wood: { train: 247, testGood: 19, testDefective: 60, defects: ['color', 'combined', 'hole', 'liquid', 'scratch'], share: `${SHARE}/420938383-1629953354/wood.tar.xz` },
  zipper: {
    train: 240, testGood: 32, testDefective: 119, defects: ['broken_teeth', 'combined', 'fabric_border', 'fabric_interior', 'rough', 'split_teeth', 'squeezed_teeth'],
    share: `${SHARE}/420938385-1629953449/zipper.tar.xz`,
  },
};

export const MVTEC_FULL_ARCHIVE = {
  url: `${SHARE}/420938113-1629952094/mvtec_anomaly_detection.tar.xz`,
  /** As published with anomalib's MVTec AD downloader; not checked against a download here (no network). */
  sha256: 'cf4313b13603bec67abb49ca959488f7eedce2a9f7795ec54446c649ac98cd3d',
  bytes: 5264982680,
};
