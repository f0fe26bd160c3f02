import { createRng, Preprocessing } from '@anomaly-zoo/core';
import { ImagesSource } from '@anomaly-zoo/testing';

export type Painter = (y: number, x: number, c: number, phase: number) => number;

const stripes: Painter = (_y, x, c, phase) => 0.5 + 0.4 * Math.sin(x / 2 + phase + c);

/** A BatchSource over images already in memory: stripes with a seeded phase, for trainer tests. */
export class MemorySource extends ImagesSource {
  /** `paint` gives pixel (y, x, c) of an image from its seeded phase in [0, π); vertical stripes by default. */
  constructor(size: number, preprocessing: Preprocessing, seed = 1, paint: Painter = stripes) {
    const { height, width, channels } = preprocessing;
    const rng = createRng(seed);
    const images = Array.from({ length: size }, () => {
      const phase = rng.uniform(0, Math.PI);
      const pixels = new Float32Array(height * width * channels);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++)
          for (let c = 0; c < channels; c++) pixels[(y * width + x) * channels + c] = paint(y, x, c, phase);
      return pixels;
    });
    super(images, preprocessing);
  }
}
