import { Type } from '@anomaly-zoo/core';
import { loadImageFolder } from '../loaders/image-folder';
import { defineFormat, fileSets, formatSchema } from './data-format';

/** One folder of unlabelled images: a seeded part held out for the threshold, every image scored and ranked. */
export const imagesFormat = defineFormat({
  name: 'images',
  description: 'one folder of unlabelled images: trained on all but a held-out part, every image scored and ranked',
  schema: formatSchema({
    /** The folder of images; data.root when absent. */
    dir: Type.Optional(Type.String({ minLength: 1 })),
    recursive: Type.Boolean({ default: false }),
    holdout_fraction: Type.Number({ exclusiveMinimum: 0, maximum: 0.9, default: 0.2 }),
  }),
  async load(context) {
    const o = context.options;
    const dir = o.dir ?? context.root;
    const { train, heldOut, all } = loadImageFolder({ dir, recursive: o.recursive, holdoutFraction: o.holdout_fraction, seed: context.seed });
    return {
      splits: { train, validation: heldOut, test: all },
      labelled: false,
      category: context.category ?? 'default',
      trainSource: dir,
      notes: [`unlabelled folder ${dir}: ${train.length} to train on, ${heldOut.length} held out for the threshold; all ${all.length} scored and ranked`],
      missingMasks: [],
      makeSet: fileSets(),
    };
  },
});
