import { UserError } from '@anomaly-zoo/core';
import type { DataFormat } from './data-format';
import { drivingFormat } from './driving';
import { folderFormat } from './folder';
import { imagesFormat } from './images';
import { malariaFormat } from './malaria';
import { mvtecFormat } from './mvtec';
import { cifar10Format, fashionMnistFormat, mnistFormat } from './one-class';
import { syntheticFormat } from './synthetic';

/**
 * Every data format anomaly-zoo reads, by the name configs use (`data.format`). Adding a format means
 * one module and one line here; the data conformance test then covers it.
 */
export const DATA_FORMATS = {
  mvtec: mvtecFormat,
  folder: folderFormat,
  synthetic: syntheticFormat,
  malaria: malariaFormat,
  driving: drivingFormat,
  images: imagesFormat,
  mnist: mnistFormat,
  'fashion-mnist': fashionMnistFormat,
  cifar10: cifar10Format,
} satisfies Record<string, DataFormat>;

export type DataFormatName = keyof typeof DATA_FORMATS;

export function dataFormatNames(): DataFormatName[] {
  return Object.keys(DATA_FORMATS) as DataFormatName[];
}

export function getDataFormat(name: string): DataFormat {
  if (!Object.prototype.hasOwnProperty.call(DATA_FORMATS, name)) {
    throw new UserError(`unknown data format '${name}' (known: ${dataFormatNames().join(', ')})`);
  }
  return DATA_FORMATS[name as DataFormatName];
}
