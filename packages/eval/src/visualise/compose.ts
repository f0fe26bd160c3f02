import sharp from 'sharp';
import { isAnomalous } from '../decision';
import { heatMapRgb, HeatRange } from './colour-map';
import { contourOf, enlarge } from './contour';

export interface VisualisationInput {
  height: number;
  width: number;
  channels: 1 | 3;
  /** The preprocessed input, HWC in [0, 1]. */
  image: Float32Array;
  /** The model's reconstruction, HWC in [0, 1], for models that reconstruct. */
  reconstruction?: Float32Array;
  /** Anomaly map, H × W. */
  map: Float32Array;
  /** Ground truth, H × W, nonzero = defect. */
  mask?: Uint8Array;
  /** Map values drawn as the coldest and hottest colour; shared by all images of a run so they compare. */
  mapRange: HeatRange;
  /** Pixels with map > this are the predicted region. */
  pixelThreshold: number;
}

export const GROUND_TRUTH_COLOUR: [number, number, number] = [0, 230, 64];
export const PREDICTED_COLOUR: [number, number, number] = [0, 220, 255];
const GAP = 4;
const MIN_PANEL = 160;

/** Panel names in drawing order, for captions. */
export function panelNames(hasReconstruction: boolean): string[] {
  return hasReconstruction ? ['original', 'reconstruction', 'heat map', 'overlay'] : ['original', 'heat map', 'overlay'];
}

/**
 * One PNG strip: original | reconstruction (if any) | heat map | overlay of the heat map on the
 * original (opacity rising with the heat) with the ground-truth contour (green) and the predicted-region contour (cyan).
 * Small images are enlarged by an integer factor (nearest neighbour) so that pixels stay honest.
 */
export async function composeVisualisation(input: VisualisationInput): Promise<Buffer> {
  const { height, width } = input;
  checkLength('image', input.image, height * width * input.channels);
  if (input.reconstruction) checkLength('reconstruction', input.reconstruction, height * width * input.channels);
  checkLength('map', input.map, height * width);
  if (input.mask) checkLength('mask', input.mask, height * width);

  const factor = Math.max(1, Math.ceil(MIN_PANEL / Math.max(height, width)));
  const h = height * factor;
  const w = width * factor;
  const original = toRgb(input.image, height, width, input.channels);
  const panels: Uint8Array[] = [original];
  if (input.reconstruction) panels.push(toRgb(input.reconstruction, height, width, input.channels));
  const heat = heatMapRgb(input.map, input.mapRange);
  panels.push(heat);
  panels.push(blendByHeat(original, heat, input.map, input.mapRange));

  const big = panels.map((panel) => enlargeRgb(panel, height, width, factor));
  const overlay = big[big.length - 1]!;
  const predicted = Uint8Array.from(input.map, (v) => (isAnomalous(v, input.pixelThreshold) ? 1 : 0));
  paint(overlay, thick(contourOf(enlarge(predicted, height, width, factor), h, w), h, w), PREDICTED_COLOUR);
  if (input.mask) {
    const truth = Uint8Array.from(input.mask, (v) => (v !== 0 ? 1 : 0));
    paint(overlay, thick(contourOf(enlarge(truth, height, width, factor), h, w), h, w), GROUND_TRUTH_COLOUR);
  }

  const stripWidth = big.length * w + (big.length - 1) * GAP;
  const strip = new Uint8Array(stripWidth * h * 3).fill(255);
  big.forEach((panel, p) => {
    const left = p * (w + GAP);
    for (let y = 0; y < h; y++) strip.set(panel.subarray(y * w * 3, (y + 1) * w * 3), (y * stripWidth + left) * 3);
  });
  return sharp(strip, { raw: { width: stripWidth, height: h, channels: 3 } }).png().toBuffer();
}

function checkLength(what: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) throw new Error(`composeVisualisation: ${what} has ${values.length} values, expected ${expected}`);
}

function toRgb(image: Float32Array, height: number, width: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < 3; c++) {
      const v = image[i * channels + (channels === 3 ? c : 0)] as number;
      out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return out;
}

/** The heat colour over the original with opacity 0.6·t, so cold areas show the image itself. */
function blendByHeat(original: Uint8Array, heat: Uint8Array, map: Float32Array, range: HeatRange): Uint8Array {
  const out = new Uint8Array(original.length);
  const span = range.hi - range.lo;
  for (let i = 0; i < map.length; i++) {
    const t = span > 0 ? Math.min(1, Math.max(0, ((map[i] as number) - range.lo) / span)) : 0;
    const alpha = 0.6 * t;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round((original[i * 3 + c] as number) * (1 - alpha) + (heat[i * 3 + c] as number) * alpha);
  }
  return out;
}

function enlargeRgb(rgb: Uint8Array, height: number, width: number, factor: number): Uint8Array {
  if (factor === 1) return rgb.slice();
  const w = width * factor;
  const out = new Uint8Array(height * factor * w * 3);
  for (let y = 0; y < height * factor; y++) {
    const row = Math.floor(y / factor) * width;
    for (let x = 0; x < w; x++) {
      const from = (row + Math.floor(x / factor)) * 3;
      const to = (y * w + x) * 3;
      out[to] = rgb[from] as number;
      out[to + 1] = rgb[from + 1] as number;
      out[to + 2] = rgb[from + 2] as number;
    }
  }
  return out;
}

/** Widens a 1-pixel contour to 2 pixels so it stays visible on a large panel. */
function thick(edge: Uint8Array, height: number, width: number): Uint8Array {
  const out = edge.slice();
  for (let i = 0; i < edge.length; i++) {
    if (edge[i] === 0) continue;
    const x = i % width;
    if (x + 1 < width) out[i + 1] = 1;
    if (i + width < height * width) out[i + width] = 1;
  }
  return out;
}

function paint(rgb: Uint8Array, where: Uint8Array, colour: [number, number, number]): void {
  for (let i = 0; i < where.length; i++) if (where[i] !== 0) rgb.set(colour, i * 3);
}
