/**
 * A fast seeded stream of 32-bit integers (mulberry32) for per-pixel noise, where a general
 * Rng call per pixel would dominate the generator's run time.
 */
export function uint32Stream(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Adds the same offset in [-amplitude, amplitude] to all three channels of each RGB pixel. */
export function addLuminanceNoise(pixels: Uint8Array, amplitude: number, seed: number): void {
  const next = uint32Stream(seed);
  const levels = 2 * amplitude + 1;
  let bits = 0;
  for (let i = 0, p = 0; i < pixels.length; i += 3, p++) {
    // One 32-bit draw serves four pixels, a byte each.
    if ((p & 3) === 0) bits = next();
    const offset = (((bits & 0xff) * levels) >> 8) - amplitude;
    bits >>>= 8;
    pixels[i] = clampByte(pixels[i]! + offset);
    pixels[i + 1] = clampByte(pixels[i + 1]! + offset);
    pixels[i + 2] = clampByte(pixels[i + 2]! + offset);
  }
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}
