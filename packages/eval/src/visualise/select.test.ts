import { UserError } from '@anomaly-zoo/core';
import { outcomeOf, selectForVisualisation } from './select';

// normal: 0:0.1 1:0.7 2:0.3 3:0.7 | anomalous: 4:0.9 5:0.2 6:0.5 7:0.2
const items = [0.1, 0.7, 0.3, 0.7, 0.9, 0.2, 0.5, 0.2].map((score, i) => ({ score, label: (i >= 4 ? 1 : 0) as 0 | 1 }));

describe('selectForVisualisation', () => {
  it('ranks normal images highest score first for worst false positives (ties by index)', () => {
    expect(selectForVisualisation(items, { count: 3, selection: 'worst_false_positives', seed: 1 }).map((s) => s.index)).toEqual([1, 3, 2]);
  });

  it('ranks anomalous images lowest score first for worst false negatives', () => {
    expect(selectForVisualisation(items, { count: 10, selection: 'worst_false_negatives', seed: 1 }).map((s) => s.index)).toEqual([5, 7, 6, 4]);
  });

  it('mixes a third of each with seeded random picks, never repeating an image', () => {
    const a = selectForVisualisation(items, { count: 7, selection: 'mixed', seed: 5 });
    expect(a.slice(0, 4).map((s) => [s.index, s.reason])).toEqual([[1, 'worst normal'], [3, 'worst normal'], [5, 'worst anomalous'], [7, 'worst anomalous']]);
    expect(a).toHaveLength(7);
    expect(new Set(a.map((s) => s.index)).size).toBe(7);
    expect(selectForVisualisation(items, { count: 7, selection: 'mixed', seed: 5 })).toEqual(a);
  });

  it('draws random images reproducibly from the seed, and caps at the number of images', () => {
    const one = selectForVisualisation(items, { count: 20, selection: 'random', seed: 9 }).map((s) => s.index);
    expect(one.slice().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(selectForVisualisation(items, { count: 20, selection: 'random', seed: 9 }).map((s) => s.index)).toEqual(one);
    expect(selectForVisualisation(items, { count: 20, selection: 'random', seed: 10 }).map((s) => s.index)).not.toEqual(one);
  });

  it('rejects a bad count or selection with UserError naming the key', () => {
    expect(() => selectForVisualisation(items, { count: -1, selection: 'random', seed: 1 })).toThrow(UserError);
    expect(() => selectForVisualisation(items, { count: 1, selection: 'best' as never, seed: 1 })).toThrow(/visualisations\.selection/);
  });
});

it('outcomeOf follows "anomalous iff score > threshold"', () => {
  expect([outcomeOf(0.5, 1, 0.5), outcomeOf(0.6, 1, 0.5), outcomeOf(0.5, 0, 0.5), outcomeOf(0.6, 0, 0.5)]).toEqual(['FN', 'TP', 'TN', 'FP']);
});
