import type { Rng } from '@anomaly-zoo/core';
import type { Canvas, Rgb } from './canvas';
import type { Scene } from './scenes';

/** Defects are centred away from the image border, where real parts rarely sit. */
const MARGIN = 0.15;

/**
 * A real RGB image (size × size) seen as a Scene, so the generator's scratches, blobs and missing
 * pieces can be painted on it. The surface is the whole image. Colours are picked against the image:
 * the scratch is the grey farthest from its mean brightness, the stain the palette colour farthest
 * from its mean colour, and a missing piece takes the mean colour of the border (the background of
 * centred objects). The painter marks only pixels whose value changes, so masks stay exact whatever
 * the colours.
 */
export function sceneOfImage(pixels: Uint8Array, size: number): Scene {
  const mean = meanColour(pixels, () => true);
  const border = meanColour(pixels, (x, y) => x === 0 || y === 0 || x === size - 1 || y === size - 1, size);
  const brightness = (mean[0] + mean[1] + mean[2]) / 3;
  const scratch: Rgb = brightness > 127 ? [15, 15, 15] : [240, 240, 240];
  const randomPoint = (rng: Rng): [number, number] => [rng.uniform(MARGIN, 1 - MARGIN) * size, rng.uniform(MARGIN, 1 - MARGIN) * size];
  return {
    render: (canvas: Canvas) => canvas.pixels.set(pixels),
    onSurface: () => true,
    randomSurfacePoint: randomPoint,
    missingCentre: randomPoint,
    colours: { scratch, blob: farthestOf(STAIN_PALETTE, mean), missing: border },
  };
}

const STAIN_PALETTE: readonly Rgb[] = [[200, 40, 40], [40, 170, 60], [50, 70, 200], [220, 200, 40], [160, 60, 170], [30, 30, 30]];

function farthestOf(palette: readonly Rgb[], colour: Rgb): Rgb {
  const distance = (c: Rgb): number => (c[0] - colour[0]) ** 2 + (c[1] - colour[1]) ** 2 + (c[2] - colour[2]) ** 2;
  return palette.reduce((best, c) => (distance(c) > distance(best) ? c : best));
}

function meanColour(pixels: Uint8Array, include: (x: number, y: number) => boolean, size = 0): Rgb {
  const sum = [0, 0, 0];
  let count = 0;
  const n = pixels.length / 3;
  for (let p = 0; p < n; p++) {
    if (size > 0 && !include(p % size, Math.floor(p / size))) continue;
    for (let c = 0; c < 3; c++) sum[c]! += pixels[p * 3 + c]!;
    count++;
  }
  return [Math.round(sum[0]! / count), Math.round(sum[1]! / count), Math.round(sum[2]! / count)];
}
