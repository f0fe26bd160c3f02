/**
 * The q-th percentile (q in [0, 100]) with linear interpolation between order statistics,
 * numpy's default: position h = (n − 1)·q/100 in the sorted values, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile q must lie in [0, 100], got ${q}`);
  const sorted = Float64Array.from(values).sort();
  const position = ((sorted.length - 1) * q) / 100;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower] as number;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Population standard deviation (divides by n, numpy's default ddof=0); two passes for stability. */
export function populationStd(values: ArrayLike<number>): number {
  const centre = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - centre) ** 2;
  return Math.sqrt(squares / values.length);
}
