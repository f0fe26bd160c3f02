import { Type } from '@anomaly-zoo/core';
import * as path from 'path';
import { loadVisa } from '../loaders/visa';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

/** VisA: the published one-class split (`split_csv/1cls.csv`) decides train and test; validation is carved from train. */
export const visaFormat = defineFormat({
  name: 'visa',
  description: 'VisA: <root>/<category>/Data/{Images,Masks}, split by <root>/split_csv/1cls.csv (object,split,label,image,mask)',
  schema: formatSchema({ split_csv: Type.String({ minLength: 1, default: 'split_csv/1cls.csv' }) }),
  categoryExample: 'candle',
  async load(context) {
    const category = context.category as string;
    const loaded = loadVisa({ root: context.root, category, splitCsv: context.options.split_csv });
    return trainTestFormat(context, loaded, { category, trainSource: `${path.join(context.root, context.options.split_csv)} (${category}, train rows)` });
  },
});
