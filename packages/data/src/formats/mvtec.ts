import * as path from 'path';
import { loadMvtec } from '../loaders/mvtec';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

/** MVTec AD: `<root>/<category>/{train/good, test/<type>, ground_truth/<type>}`. */
export const mvtecFormat = defineFormat<Record<string, never>>({
  name: 'mvtec',
  description: 'MVTec AD layout: <root>/<category>/train/good, test/<defect type>, ground_truth/<defect type>/<stem>_mask.png',
  schema: formatSchema({}),
  categoryExample: 'bottle',
  async load(context) {
    const category = context.category as string;
    return trainTestFormat(context, loadMvtec({ root: context.root, category }), {
      category, trainSource: path.join(context.root, category, 'train', 'good'),
    });
  },
});
