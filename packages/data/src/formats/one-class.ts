import { OneOf, Type } from '@anomaly-zoo/core';
import { splitValidation } from '../split';
import { loadOneClass, OneClassFormat } from '../one-class/one-class';
import { decodedSets, defineFormat, fileSets, formatSchema } from './data-format';

const TITLES: Record<OneClassFormat, string> = {
  mnist: 'MNIST digits (IDX files)',
  'fashion-mnist': 'Fashion-MNIST (IDX files)',
  cifar10: 'CIFAR-10 (binary batches or train/<class>, test/<class> image folders)',
};

/** The one-class protocol over a 10-class set: train on one class, test on the whole test set. */
function oneClassFormat(name: OneClassFormat) {
  return defineFormat({
    name,
    description: `${TITLES[name]}, one-class: the normal class's training images to train on, the whole test set to score`,
    schema: formatSchema({
      /** The class trained on, by index (0–9) or name. */
      normal_class: OneOf([Type.Integer({ minimum: 0, maximum: 9 }), Type.String({ minLength: 1 })]),
    }),
    async load(context) {
      const set = loadOneClass({ format: name, root: context.root, normalClass: context.options.normal_class });
      const { train, validation } = splitValidation(set.train, { fraction: context.validationFraction, seed: context.seed });
      return {
        splits: { train, validation, test: set.test },
        labelled: true,
        category: context.category ?? `class-${set.normalClassName}`,
        trainSource: context.root,
        notes: [`normal class ${set.normalClassName}; the whole test set (${set.test.length}) is scored`],
        missingMasks: [],
        makeSet: set.decode ? decodedSets(set.decode) : fileSets(),
      };
    },
  });
}

export const mnistFormat = oneClassFormat('mnist');
export const fashionMnistFormat = oneClassFormat('fashion-mnist');
export const cifar10Format = oneClassFormat('cifar10');
