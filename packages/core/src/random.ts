import seedrandom from 'seedrandom';

/** A seeded source of randomness; every random choice in anomaly-zoo goes through one. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A new shuffled copy of `items` (Fisher-Yates); the input is left alone. */
  shuffled<T>(items: readonly T[]): T[];
  /** A derived integer seed, for libraries that take a number (tfjs initialisers). */
  seed(): number;
}

export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  const next = (): number => prng.quick();
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffled: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    seed: () => Math.floor(next() * 2 ** 31),
  };
  return rng;
}
