export type Rgb = readonly [number, number, number];

/** An RGB image with a defect mask of the same size; both row-major. */
export interface Canvas {
  size: number;
  pixels: Uint8Array;
  mask: Uint8Array;
}

export function createCanvas(size: number): Canvas {
  return { size, pixels: new Uint8Array(size * size * 3), mask: new Uint8Array(size * size) };
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The integer pixel box covering [x0, x1] × [y0, y1], clipped to the canvas (x1, y1 exclusive). */
export function clipBox(size: number, x0: number, y0: number, x1: number, y1: number): Box {
  const clip = (v: number): number => Math.max(0, Math.min(size, v));
  return { x0: clip(Math.floor(x0)), y0: clip(Math.floor(y0)), x1: clip(Math.ceil(x1) + 1), y1: clip(Math.ceil(y1) + 1) };
}

/**
 * Paints `colour` where `inside` holds within `box`, marking in the mask exactly the pixels whose
 * value changed, so masks never claim untouched pixels. Returns how many pixels changed.
 */
export function paintRegion(canvas: Canvas, box: Box, inside: (x: number, y: number) => boolean, colour: Rgb): number {
  const { size, pixels, mask } = canvas;
  const [r, g, b] = colour;
  let changed = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      if (!inside(x, y)) continue;
      const p = y * size + x;
      const i = p * 3;
      if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) continue;
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
      mask[p] = 1;
      changed++;
    }
  }
  return changed;
}
