/** Pixels of a binary mask that touch the outside (4-neighbourhood, image edge counts as outside). */
export function contourOf(mask: Uint8Array, height: number, width: number): Uint8Array {
  const edge = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      const outside =
        x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        mask[i - 1] === 0 || mask[i + 1] === 0 || mask[i - width] === 0 || mask[i + width] === 0;
      if (outside) edge[i] = 1;
    }
  }
  return edge;
}

/** Nearest-neighbour enlargement of a single-channel image by an integer factor. */
export function enlarge<T extends Uint8Array | Float32Array>(values: T, height: number, width: number, factor: number): T {
  const out = new (values.constructor as new (n: number) => T)(height * factor * width * factor);
  const outWidth = width * factor;
  for (let y = 0; y < height * factor; y++) {
    const row = Math.floor(y / factor) * width;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = values[row + Math.floor(x / factor)] as number;
  }
  return out;
}
