import type { Rng } from '@anomaly-zoo/core';
import { Canvas, clipBox, paintRegion } from './canvas';
import type { Scene } from './scenes';

export const DEFECT_KINDS = ['scratch', 'blob', 'missing'] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

/** Paints one defect of `kind`, setting the canvas mask; sizes are fractions of the image side. */
export function paintDefect(kind: DefectKind, canvas: Canvas, scene: Scene, rng: Rng): void {
  const painters: Record<DefectKind, () => number> = {
    scratch: () => paintScratch(canvas, scene, rng),
    blob: () => paintBlob(canvas, scene, rng),
    missing: () => paintMissing(canvas, scene, rng),
  };
  if (painters[kind]() === 0) throw new Error(`synthetic ${kind} defect changed no pixels`);
}

/** A straight scratch about 2.5% of the side wide and 25–45% long. */
function paintScratch(canvas: Canvas, scene: Scene, rng: Rng): number {
  const { size } = canvas;
  const [cx, cy] = scene.randomSurfacePoint(rng);
  const halfLength = (rng.uniform(0.25, 0.45) * size) / 2;
  const halfWidth = Math.max(1, 0.0125 * size);
  const angle = rng.uniform(0, Math.PI);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const reach = halfLength + halfWidth;
  const box = clipBox(size, cx - reach, cy - reach, cx + reach, cy + reach);
  const inside = (x: number, y: number): boolean => {
    const along = (x - cx) * dx + (y - cy) * dy;
    const across = -(x - cx) * dy + (y - cy) * dx;
    const beyond = Math.max(0, Math.abs(along) - halfLength);
    return beyond * beyond + across * across <= halfWidth * halfWidth && scene.onSurface(x, y);
  };
  return paintRegion(canvas, box, inside, scene.colours.scratch);
}

/** A filled, rotated ellipse (a stain) with semi-axes of 5–10% of the side. */
function paintBlob(canvas: Canvas, scene: Scene, rng: Rng): number {
  const { size } = canvas;
  const [cx, cy] = scene.randomSurfacePoint(rng);
  const a = rng.uniform(0.05, 0.1) * size;
  const b = rng.uniform(0.05, 0.1) * size;
  const angle = rng.uniform(0, Math.PI);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reach = Math.max(a, b);
  const box = clipBox(size, cx - reach, cy - reach, cx + reach, cy + reach);
  const inside = (x: number, y: number): boolean => {
    const u = ((x - cx) * cos + (y - cy) * sin) / a;
    const v = (-(x - cx) * sin + (y - cy) * cos) / b;
    return u * u + v * v <= 1 && scene.onSurface(x, y);
  };
  return paintRegion(canvas, box, inside, scene.colours.blob);
}

/** A piece (a disc of radius 8–13% of the side) replaced by flat background colour. */
function paintMissing(canvas: Canvas, scene: Scene, rng: Rng): number {
  const { size } = canvas;
  const [cx, cy] = scene.missingCentre(rng);
  const radius = rng.uniform(0.08, 0.13) * size;
  const box = clipBox(size, cx - radius, cy - radius, cx + radius, cy + radius);
  const inside = (x: number, y: number): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius && scene.onSurface(x, y);
  return paintRegion(canvas, box, inside, scene.colours.missing);
}
