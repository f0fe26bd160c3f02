const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

/** The smallest double greater than x. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  float[0] = x;
  // For positive doubles the bit pattern grows with the value; for negative ones it shrinks.
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return float[0];
}

/** The largest double less than x. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
