import { mvtecLayoutFormat } from './mvtec';

/** MPDD ships in the MVTec AD layout, so the MVTec loader reads it; its own name keeps results and catalogue apart. */
export const mpddFormat = mvtecLayoutFormat(
  'mpdd', 'MPDD (metal parts): the MVTec AD layout, <root>/<category>/train/good, test/<defect type>, ground_truth/<defect type>/<stem>_mask.png', 'metal_plate',
);
