import { UserError } from '@anomaly-zoo/core';
import type { DataFormat } from './data-format';
import { btadFormat } from './btad';
import { drivingFormat } from './driving';
import { folderFormat } from './folder';
import { imagesFormat } from './images';
import { malariaFormat } from './malaria';
import { mpddFormat } from './mpdd';
import { mvtecFormat } from './mvtec';
import { mvtecLocoFormat } from './mvtec-loco';
import { cifar10Format, fashionMnistFormat, mnistFormat } from './one-class';
import { syntheticFormat } from './synthetic';
import { visaFormat } from './visa';

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
  visa: visaFormat,
  'mvtec-loco': mvtecLocoFormat,
  mpdd: mpddFormat,
  btad: btadFormat,
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
