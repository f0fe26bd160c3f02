import * as path from 'path';
import { loadBtad } from '../loaders/btad';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

/** BTAD: products 01, 02, 03 (data.category), each train/ok, test/{ok,ko}, ground_truth/ko. */
export const btadFormat = defineFormat({
  name: 'btad',
  description: 'BTAD (beanTech): <root>/<product 01|02|03>/train/ok, test/{ok,ko}, ground_truth/ko/<stem>.png',
  schema: formatSchema({}),
  categoryExample: '01',
  async load(context) {
    const product = context.category as string;
    return trainTestFormat(context, loadBtad({ root: context.root, product }), { category: product, trainSource: path.join(context.root, product, 'train', 'ok') });
  },
});
