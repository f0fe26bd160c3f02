import { createRng } from './random';

function take(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f);
}

describe('createRng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const first = take(20, a.next);
    expect(take(20, b.next)).toEqual(first);
    expect(take(20, c.next)).not.toEqual(first);
  });

  it('draws uniform values in range with the right mean', () => {
    const rng = createRng('uniform');
    const xs = take(20000, () => rng.uniform(2, 4));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThan(4);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(3, 1);
  });

  it('draws every integer in [0, n) and nothing else', () => {
    const rng = createRng(1);
    const seen = new Set(take(2000, () => rng.int(5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('draws standard normals (mean 0, variance 1)', () => {
    const rng = createRng(3);
    const xs = take(40000, rng.normal);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation without touching the input, repeatably', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(5).shuffled(items);
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(createRng(5).shuffled(items)).toEqual(shuffled);
  });

  it('derives integer seeds for libraries', () => {
    const seed = createRng(9).seed();
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 31);
  });
});
