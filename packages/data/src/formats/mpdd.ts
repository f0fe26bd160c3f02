import * as path from 'path';
import { loadMvtec } from '../loaders/mvtec';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

/** MPDD ships in the MVTec AD layout, so it is read by the MVTec loader; its own name keeps results and catalogue apart. */
export const mpddFormat = defineFormat<Record<string, never>>({
  name: 'mpdd',
  description: 'MPDD (metal parts): the MVTec AD layout, <root>/<category>/train/good, test/<defect type>, ground_truth/<defect type>/<stem>_mask.png',
  schema: formatSchema({}),
  categoryExample: 'metal_plate',
  async load(context) {
    const category = context.category as string;
    return trainTestFormat(context, loadMvtec({ root: context.root, category }), {
      category, trainSource: path.join(context.root, category, 'train', 'good'),
    });
  },
});
