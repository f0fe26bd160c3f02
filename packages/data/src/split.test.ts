import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { splitValidation } from './split';

const records = (n: number, group?: (i: number) => string): ImageRecord[] =>
  Array.from({ length: n }, (_, i) => ({ path: `/d/${String(i).padStart(3, '0')}.png`, label: 0, defectType: 'good', ...(group ? { group: group(i) } : {}) }));

describe('splitValidation', () => {
  it('is seeded: the same seed gives the same split, another seed another', () => {
    const train = records(50);
    const a = splitValidation(train, { fraction: 0.2, seed: 1 });
    expect(splitValidation(train, { fraction: 0.2, seed: 1 })).toEqual(a);
    expect(splitValidation(train, { fraction: 0.2, seed: 2 }).validation).not.toEqual(a.validation);
    expect(a.validation).toHaveLength(10);
    expect(a.train).toHaveLength(40);
  });

  it('partitions the input and keeps its order on both sides', () => {
    const train = records(30);
    const { train: kept, validation } = splitValidation(train, { fraction: 0.3, seed: 5 });
    expect([...kept, ...validation].map((r) => r.path).sort()).toEqual(train.map((r) => r.path));
    for (const part of [kept, validation]) expect(part.map((r) => r.path)).toEqual(part.map((r) => r.path).sort());
  });

  it('never puts a group on both sides', () => {
    const train = records(60, (i) => `patient-${i % 7}`);
    for (let seed = 0; seed < 10; seed++) {
      const { train: kept, validation } = splitValidation(train, { fraction: 0.25, seed });
      const validationGroups = new Set(validation.map((r) => r.group));
      expect(validation.length).toBeGreaterThan(0);
      expect(kept.some((r) => validationGroups.has(r.group))).toBe(false);
    }
  });

  it('holds out at least one image for any fraction > 0 and keeps at least one for training', () => {
    expect(splitValidation(records(2), { fraction: 0.01, seed: 0 }).validation).toHaveLength(1);
    const twoGroups = records(10, (i) => (i === 0 ? 'small' : 'large'));
    for (let seed = 0; seed < 5; seed++) expect(splitValidation(twoGroups, { fraction: 0.9, seed }).train.length).toBeGreaterThan(0);
  });

  it('leaves everything in training for fraction 0 or a single image', () => {
    expect(splitValidation(records(10), { fraction: 0, seed: 0 }).validation).toEqual([]);
    expect(splitValidation(records(1), { fraction: 0.5, seed: 0 })).toEqual({ train: records(1), validation: [] });
  });

  it('rejects bad fractions and unsplittable groups', () => {
    expect(() => splitValidation(records(10), { fraction: 1, seed: 0 })).toThrow(UserError);
    expect(() => splitValidation(records(10), { fraction: -0.1, seed: 0 })).toThrow(UserError);
    expect(() => splitValidation(records(4, () => 'one'), { fraction: 0.5, seed: 0 })).toThrow(/share group/);
  });
});
