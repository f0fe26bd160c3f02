import * as path from 'path';
import { loadMvtec } from '../loaders/mvtec';
import { categoryFormat, DataFormat, trainTestFormat } from './data-format';

/** A format for a data set shipped in the MVTec AD layout: `<root>/<category>/{train/good, test/<type>, ground_truth/<type>}`. */
export function mvtecLayoutFormat(name: string, description: string, categoryExample: string): DataFormat {
  return categoryFormat({
    name,
    description,
    categoryExample,
    async load(context, category) {
      return trainTestFormat(context, loadMvtec({ root: context.root, category }), {
        category, trainSource: path.join(context.root, category, 'train', 'good'),
      });
    },
  });
}

/** MVTec AD. */
export const mvtecFormat = mvtecLayoutFormat(
  'mvtec', 'MVTec AD layout: <root>/<category>/train/good, test/<defect type>, ground_truth/<defect type>/<stem>_mask.png', 'bottle',
);
