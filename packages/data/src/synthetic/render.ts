import { createRng } from '@anomaly-zoo/core';
import { Canvas, createCanvas } from './canvas';
import { DefectKind, paintDefect } from './defects';
import { addLuminanceNoise } from './pixel-noise';
import { createScene, SyntheticStyle } from './scenes';

export interface SampleSpec {
  style: SyntheticStyle;
  size: number;
  /** Fixes everything about the image: scene jitter, defect placement, noise. */
  seed: number;
  defect?: DefectKind;
}

const NOISE_AMPLITUDE = 3;

/**
 * Renders one image. Scene, defect and noise draw from separate seeded streams, so the same spec
 * without `defect` gives the defect-free original, equal to the defect image outside the mask.
 */
export function renderSample(spec: SampleSpec): Canvas {
  const canvas = createCanvas(spec.size);
  const scene = createScene(spec.style, spec.size, createRng(`${spec.seed}:scene`));
  scene.render(canvas);
  if (spec.defect) paintDefect(spec.defect, canvas, scene, createRng(`${spec.seed}:defect`));
  addLuminanceNoise(canvas.pixels, NOISE_AMPLITUDE, createRng(`${spec.seed}:noise`).seed());
  return canvas;
}
