import { Type } from '@anomaly-zoo/core';
import { describeSplitCounts, loadMalaria } from '../loaders/malaria';
import { defineFormat, fileSets, formatSchema } from './data-format';

/** NIH malaria cells, split by patient: no patient's cells are on two sides. */
export const malariaFormat = defineFormat({
  name: 'malaria',
  description: 'NIH malaria cell images (cell_images/Uninfected normal, Parasitized anomalous), split by patient',
  schema: formatSchema({
    /** Share of the Uninfected images (by patient) for the normal test images; validation uses data.validation_fraction. */
    test_fraction: Type.Number({ minimum: 0, maximum: 0.9, default: 0.2 }),
    anomalous_validation_fraction: Type.Number({ minimum: 0, maximum: 0.9, default: 0 }),
    disjoint_anomalies: Type.Boolean({ default: false }),
  }),
  validationHasAnomalies: (options) => options.anomalous_validation_fraction > 0,
  async load(context) {
    const o = context.options;
    const split = loadMalaria({
      root: context.root, seed: context.seed, validationFraction: context.validationFraction, testFraction: o.test_fraction,
      anomalousValidationFraction: o.anomalous_validation_fraction, disjointAnomalies: o.disjoint_anomalies,
    });
    return {
      splits: { train: split.train, validation: split.validation, test: split.test },
      labelled: true,
      category: context.category ?? 'cells',
      trainSource: context.root,
      notes: [`split by patient: ${describeSplitCounts(split)}`, ...split.notes],
      missingMasks: split.missingMasks,
      makeSet: fileSets(),
    };
  },
});
