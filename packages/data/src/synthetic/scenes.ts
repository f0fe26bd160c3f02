import type { Rng } from '@anomaly-zoo/core';
import type { Canvas, Rgb } from './canvas';

export const SYNTHETIC_STYLES = ['texture', 'object'] as const;
export type SyntheticStyle = (typeof SYNTHETIC_STYLES)[number];

export function isSyntheticStyle(style: string): style is SyntheticStyle {
  return (SYNTHETIC_STYLES as readonly string[]).includes(style);
}

/**
 * A defect-free image family. The defect colours lie outside the colour range of the surface
 * they are painted on, so every painted pixel really changes (and the masks are solid).
 */
export interface Scene {
  render(canvas: Canvas): void;
  /** Where defects may lie: everywhere for textures, on the object for objects. */
  onSurface(x: number, y: number): boolean;
  randomSurfacePoint(rng: Rng): [number, number];
  colours: { scratch: Rgb; blob: Rgb; missing: Rgb };
  /** Where a piece goes missing: anywhere on a texture, at the object's rim. */
  missingCentre(rng: Rng): [number, number];
}

export function createScene(style: SyntheticStyle, size: number, rng: Rng): Scene {
  return style === 'texture' ? wovenTexture(size, rng) : bottleFromAbove(size, rng);
}

const FABRIC: Rgb = [150, 130, 100];

/** A plain weave: alternating cells of horizontal and vertical threads with a sine thread profile. */
function wovenTexture(size: number, rng: Rng): Scene {
  const period = Math.max(4, Math.round(size / 16));
  const phaseX = rng.uniform(0, 2 * period);
  const phaseY = rng.uniform(0, 2 * period);
  const brightness = rng.uniform(-10, 10);
  // Every pixel takes the colour of its row's or its column's thread, so both are tabulated once.
  const threads = (phase: number): { parity: Uint8Array; colours: Uint8Array } => {
    const parity = new Uint8Array(size);
    const colours = new Uint8Array(size * 3);
    for (let i = 0; i < size; i++) {
      const t = i + phase;
      parity[i] = Math.floor(t / period) & 1;
      const shade = 0.72 + 0.28 * Math.sin((Math.PI * (t % period)) / period);
      for (let c = 0; c < 3; c++) colours[i * 3 + c] = Math.round(FABRIC[c]! * shade + brightness);
    }
    return { parity, colours };
  };
  const columns = threads(phaseX);
  const rows = threads(phaseY);
  return {
    render({ pixels }) {
      let i = 0;
      for (let y = 0; y < size; y++) {
        const rowParity = rows.parity[y]!;
        const rowR = rows.colours[y * 3]!;
        const rowG = rows.colours[y * 3 + 1]!;
        const rowB = rows.colours[y * 3 + 2]!;
        for (let x = 0; x < size; x++, i += 3) {
          if (columns.parity[x] === rowParity) {
            pixels[i] = rowR;
            pixels[i + 1] = rowG;
            pixels[i + 2] = rowB;
          } else {
            pixels[i] = columns.colours[x * 3]!;
            pixels[i + 1] = columns.colours[x * 3 + 1]!;
            pixels[i + 2] = columns.colours[x * 3 + 2]!;
          }
        }
      }
    },
    onSurface: () => true,
    randomSurfacePoint: (r) => [r.uniform(0.15, 0.85) * size, r.uniform(0.15, 0.85) * size],
    colours: { scratch: [235, 232, 220], blob: [70, 40, 28], missing: [22, 22, 26] },
    missingCentre: (r) => [r.uniform(0.2, 0.8) * size, r.uniform(0.2, 0.8) * size],
  };
}

const BACKGROUND: Rgb = [22, 24, 28];
const RIM: Rgb = [60, 120, 85];
const BODY: Rgb = [35, 75, 55];
const OPENING: Rgb = [15, 36, 26];

/** A bottle seen from above, on a dark background: bright rim, shaded body, dark opening. */
function bottleFromAbove(size: number, rng: Rng): Scene {
  const centreX = size / 2 + rng.uniform(-0.015, 0.015) * size;
  const centreY = size / 2 + rng.uniform(-0.015, 0.015) * size;
  const radius = 0.38 * size * rng.uniform(0.98, 1.02);
  const gain = rng.uniform(0.95, 1.05);
  const rimInner = 0.8 * radius;
  const openingRadius = 0.3 * radius;
  const onSurface = (x: number, y: number): boolean => (x - centreX) ** 2 + (y - centreY) ** 2 <= radius * radius;
  const shadeAt = (r: number): [Rgb, number] => {
    if (r >= rimInner) return [RIM, gain * (0.85 + 0.2 * Math.sin((Math.PI * (r - rimInner)) / (radius - rimInner)))];
    if (r >= openingRadius) return [BODY, gain * (0.8 + 0.25 * (1 - r / rimInner))];
    return [OPENING, gain];
  };
  // Colours by distance from the centre in steps of 1/8 pixel, so the pixel loop only looks up.
  const steps = 8;
  const radial = new Uint8Array((Math.ceil(radius * steps) + 1) * 3);
  for (let k = 0; k * 3 < radial.length; k++) {
    const [colour, shade] = shadeAt(k / steps);
    for (let c = 0; c < 3; c++) radial[k * 3 + c] = Math.round(colour[c]! * shade);
  }
  return {
    render({ pixels }) {
      let i = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++, i += 3) {
          const squared = (x - centreX) ** 2 + (y - centreY) ** 2;
          if (squared <= radius * radius) {
            const k = Math.floor(Math.sqrt(squared) * steps) * 3;
            pixels[i] = radial[k]!;
            pixels[i + 1] = radial[k + 1]!;
            pixels[i + 2] = radial[k + 2]!;
          } else {
            pixels[i] = BACKGROUND[0];
            pixels[i + 1] = BACKGROUND[1];
            pixels[i + 2] = BACKGROUND[2];
          }
        }
      }
    },
    onSurface,
    randomSurfacePoint: (r) => {
      const angle = r.uniform(0, 2 * Math.PI);
      const distance = radius * 0.75 * Math.sqrt(r.next());
      return [centreX + distance * Math.cos(angle), centreY + distance * Math.sin(angle)];
    },
    colours: { scratch: [225, 225, 215], blob: [170, 90, 40], missing: BACKGROUND },
    missingCentre: (r) => {
      const angle = r.uniform(0, 2 * Math.PI);
      return [centreX + radius * Math.cos(angle), centreY + radius * Math.sin(angle)];
    },
  };
}
