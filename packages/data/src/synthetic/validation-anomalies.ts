import { createRng, Rng } from '@anomaly-zoo/core';
import { createCanvas } from './canvas';
import { cutPaste, PixelImage } from './cut-paste';
import { DEFECT_KINDS, paintDefect } from './defects';
import { sceneOfImage } from './image-scene';

export const VALIDATION_ANOMALY_KINDS = [...DEFECT_KINDS, 'cutpaste'] as const;
export type ValidationAnomalyKind = (typeof VALIDATION_ANOMALY_KINDS)[number];

export interface SyntheticAnomaly {
  kind: ValidationAnomalyKind;
  /** HWC bytes, the shape of the source image. */
  pixels: Uint8Array;
  /** H × W, 1 exactly where `pixels` differs from the source image. */
  mask: Uint8Array;
  /** Index of the normal image it is a defective copy of. */
  source: number;
  /** Index of the normal image a CutPaste patch came from. */
  donor?: number;
}

/** Draws for one anomaly before giving up on a defect that changes no pixel (a patch pasted onto its own copy). */
const ATTEMPTS = 20;

/**
 * `count` defective copies of `sources` (normal images of one shape): copy k is of source k mod n
 * and has kind k mod 4 (scratch, blob, missing piece, CutPaste patch), drawn from its own seeded
 * stream, so the first m of n anomalies are the same for any n ≥ m. Painted kinds need square images;
 * other shapes get CutPaste patches only. Sources are never changed.
 */
export function makeSyntheticAnomalies(sources: readonly PixelImage[], count: number, seed: number): SyntheticAnomaly[] {
  if (sources.length === 0) throw new Error('synthetic anomalies need at least one normal image to copy');
  const { height, width } = sources[0]!;
  const kinds: readonly ValidationAnomalyKind[] = height === width ? VALIDATION_ANOMALY_KINDS : ['cutpaste'];
  const anomalies: SyntheticAnomaly[] = [];
  for (let k = 0; k < count; k++) {
    const rng = createRng(`${seed}:validation-anomaly:${k}`);
    const source = k % sources.length;
    const kind = kinds[k % kinds.length]!;
    for (let attempt = 1; ; attempt++) {
      const made = kind === 'cutpaste' ? pastePatch(sources, source, rng) : paintOn(sources[source]!, kind, rng);
      if (made.mask.some((v) => v === 1)) {
        anomalies.push({ kind, source, ...made });
        break;
      }
      if (attempt === ATTEMPTS) throw new Error(`synthetic ${kind} anomaly ${k} changed no pixel in ${ATTEMPTS} draws`);
    }
  }
  return anomalies;
}

function pastePatch(sources: readonly PixelImage[], source: number, rng: Rng): { pixels: Uint8Array; mask: Uint8Array; donor: number } {
  const target = sources[source]!;
  const donor = sources.length > 1 ? (source + 1 + rng.int(sources.length - 1)) % sources.length : source;
  const pixels = target.pixels.slice();
  const mask = new Uint8Array(target.height * target.width);
  cutPaste({ ...target, pixels }, sources[donor]!, mask, rng);
  return { pixels, mask, donor };
}

/**
 * Paints one of the generator's defects on an RGB copy of the image (grey images are painted as
 * RGB and turned back by luminance); the mask then keeps only pixels whose final value changed.
 */
function paintOn(image: PixelImage, kind: Exclude<ValidationAnomalyKind, 'cutpaste'>, rng: Rng): { pixels: Uint8Array; mask: Uint8Array } {
  const size = image.width;
  const rgb = image.channels === 3 ? image.pixels : greyToRgb(image.pixels);
  const canvas = createCanvas(size);
  const scene = sceneOfImage(rgb, size);
  scene.render(canvas);
  try {
    paintDefect(kind, canvas, scene, rng);
  } catch {
    return { pixels: image.pixels.slice(), mask: new Uint8Array(size * size) };
  }
  const pixels = image.channels === 3 ? canvas.pixels : rgbToGrey(canvas.pixels);
  const mask = canvas.mask;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    let same = true;
    for (let c = 0; c < image.channels; c++) if (pixels[p * image.channels + c] !== image.pixels[p * image.channels + c]) same = false;
    if (same) mask[p] = 0;
  }
  return { pixels, mask };
}

function greyToRgb(grey: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(grey.length * 3);
  for (let p = 0; p < grey.length; p++) rgb.fill(grey[p]!, p * 3, p * 3 + 3);
  return rgb;
}

function rgbToGrey(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3);
  for (let p = 0; p < grey.length; p++) grey[p] = Math.round(0.299 * rgb[p * 3]! + 0.587 * rgb[p * 3 + 1]! + 0.114 * rgb[p * 3 + 2]!);
  return grey;
}
