import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRng } from '@anomaly-zoo/core';
import { calibrationSet, SYNTHETIC_PATH_MARK } from './calibration-set';
import { resolveRunConfig } from './config/load';
import { prepareData } from './data-setup';
import { silentLogger } from './log';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-calibration-'));
const raw = (seed: number, fraction: number) => ({
  seed,
  model: { name: 'conv-ae' },
  data: {
    format: 'synthetic', root: path.join(work, 'data'), category: 'tiny', image_size: 32, validation_fraction: fraction,
    synthetic: { size: 32, train: 20, test_good: 6, per_defect: 2, style: 'object' },
  },
});

const key = (pixels: Float32Array): string => Buffer.from(pixels.buffer).toString('base64');

describe('the images a threshold is chosen from', () => {
  it('never hold a test image, nor a copy of one, for random seeds, split sizes and anomaly counts', async () => {
    const rng = createRng('calibration-provenance');
    for (let trial = 0; trial < 6; trial++) {
      const config = resolveRunConfig(raw(rng.int(1000), rng.uniform(0.1, 0.5)), 'test config');
      const data = await prepareData(config, silentLogger);
      const count = 1 + rng.int(12);
      const calibration = await calibrationSet(data.validation, config.data, count, config.seed);
      const records = calibration.set.records;
      const validationPaths = new Set(data.splits.validation.map((r) => r.path));
      const testPaths = new Set(data.splits.test.map((r) => r.path));

      expect(records.length).toBe(data.splits.validation.length + count);
      // The anomalies exist only in this set: training, the trainer's validation loss and the test split never see them.
      for (const source of [data.train, data.validation, data.test]) {
        expect(source.records.some((r) => r.path.includes(SYNTHETIC_PATH_MARK) || (r.label === 1 && source !== data.test))).toBe(false);
      }
      for (const record of records) {
        const source = record.path.split(SYNTHETIC_PATH_MARK)[0]!;
        expect(testPaths.has(source)).toBe(false);
        expect(validationPaths.has(source)).toBe(true);
      }
      // By pixels as well as by name: no image of the set equals a test image, and each synthetic
      // anomaly equals its validation source outside its mask.
      const testPixels = new Set((await data.test.decodeAll()).map(key));
      const pixels = await calibration.set.decodeAll();
      pixels.forEach((image) => expect(testPixels.has(key(image))).toBe(false));
      const byPath = new Map((await data.validation.decodeAll()).map((p, i) => [data.splits.validation[i]!.path, p]));
      for (const { record, source } of calibration.synthetic) {
        const image = pixels[records.indexOf(record)]!;
        const original = byPath.get(source.path)!;
        const mask = calibration.masks.get(record)!;
        for (let p = 0; p < mask.length; p++) {
          const same = [0, 1, 2].every((c) => image[p * 3 + c] === original[p * 3 + c]);
          expect(same).toBe(mask[p] === 0);
        }
      }
    }
  }, 120_000);
});
