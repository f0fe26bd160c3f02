import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { splitByGroup } from './group-split';

const records = (n: number, groups: number): ImageRecord[] =>
  Array.from({ length: n }, (_, i) => ({ path: `/d/${String(i).padStart(3, '0')}.png`, label: 0, defectType: 'good', group: `g${i % groups}` }));

describe('splitByGroup', () => {
  it('partitions by whole groups, meets each share and keeps input order', () => {
    const input = records(100, 20);
    for (let seed = 0; seed < 10; seed++) {
      const split = splitByGroup(input, { validation: 0.1, test: 0.3, seed });
      expect(split.validation).toHaveLength(10); // groups of 5: exactly 2 groups
      expect(split.test).toHaveLength(30);
      expect(split.train).toHaveLength(60);
      const owner = new Map<string, string>();
      for (const part of ['train', 'validation', 'test'] as const) {
        for (const r of split[part]) {
          expect(owner.get(r.group!) ?? part).toBe(part);
          owner.set(r.group!, part);
        }
        expect(split[part].map((r) => r.path)).toEqual(split[part].map((r) => r.path).sort());
      }
    }
  });

  it('always leaves a group for training and rejects shares that do not fit', () => {
    const split = splitByGroup(records(3, 3), { validation: 0.5, test: 0.4, seed: 1 });
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([1, 1, 1]);
    expect(() => splitByGroup(records(4, 2), { validation: 0.2, test: 0.2, seed: 1, groupName: 'patient' })).toThrow(/4 images of 2 patient\(s\) into 3 parts/);
    expect(() => splitByGroup(records(4, 4), { validation: 0.6, test: 0.5, seed: 1 })).toThrow(UserError);
    expect(splitByGroup(records(10, 5), { validation: 0, test: 0, seed: 1 }).train).toHaveLength(10);
  });
});
