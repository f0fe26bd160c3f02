import * as path from 'path';
import { Type } from '@anomaly-zoo/core';
import { DEFAULT_ABNORMAL_NAMES, loadDriving } from '../loaders/driving';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

const name = (options: { default?: string } = {}) => Type.String({ minLength: 1, ...options });

/** Driving frames: `<root>/<train_dir>/<normal>` to train on, `<root>/<test_dir>/{<normal>, <abnormal>...}` to test. */
export const drivingFormat = defineFormat({
  name: 'driving',
  description: 'driving frames: <root>/train/images/normal (training), <root>/val/images/{normal, anomaly or anamoly} (test)',
  schema: formatSchema({
    train_dir: name({ default: 'train/images' }),
    test_dir: name({ default: 'val/images' }),
    normal: name({ default: 'normal' }),
    abnormal: Type.Array(name(), { minItems: 1, default: [...DEFAULT_ABNORMAL_NAMES] }),
    recursive: Type.Boolean({ default: false }),
  }),
  async load(context) {
    const o = context.options;
    const loaded = loadDriving({ root: context.root, trainDir: o.train_dir, testDir: o.test_dir, normalName: o.normal, abnormalNames: o.abnormal, recursive: o.recursive });
    return trainTestFormat(context, loaded, { category: context.category ?? 'default', trainSource: path.join(context.root, o.train_dir, o.normal) });
  },
});
