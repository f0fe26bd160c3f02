import * as path from 'path';
import { loadMvtecLoco } from '../loaders/mvtec-loco';
import { categoryFormat, fileSets } from './data-format';

/** MVTec LOCO AD: logical and structural anomalies; the data set's own validation/good folder is the validation split. */
export const mvtecLocoFormat = categoryFormat({
  name: 'mvtec-loco',
  description: 'MVTec LOCO AD: <root>/<category>/{train/good, validation/good, test/{good,logical_anomalies,structural_anomalies}, ground_truth}',
  categoryExample: 'breakfast_box',
  async load(context, category) {
    const loaded = loadMvtecLoco({ root: context.root, category });
    return {
      splits: { train: loaded.train, validation: loaded.validation, test: loaded.test },
      labelled: true,
      category,
      trainSource: path.join(context.root, category, 'train', 'good'),
      notes: loaded.notes,
      missingMasks: loaded.missingMasks,
      makeSet: fileSets(),
    };
  },
});
