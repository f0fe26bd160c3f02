import * as path from 'path';
import { loadBtad } from '../loaders/btad';
import { categoryFormat, trainTestFormat } from './data-format';

/** BTAD: products 01, 02, 03 (data.category), each train/ok, test/{ok,ko}, ground_truth/ko. */
export const btadFormat = categoryFormat({
  name: 'btad',
  description: 'BTAD (beanTech): <root>/<product 01|02|03>/train/ok, test/{ok,ko}, ground_truth/ko/<stem>.png',
  categoryExample: '01',
  async load(context, product) {
    return trainTestFormat(context, loadBtad({ root: context.root, product }), { category: product, trainSource: path.join(context.root, product, 'train', 'ok') });
  },
});
