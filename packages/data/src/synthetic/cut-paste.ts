import type { Rng } from '@anomaly-zoo/core';

export interface PixelImage {
  height: number;
  width: number;
  channels: number;
  /** HWC bytes. */
  pixels: Uint8Array;
}

/**
 * CutPaste (Li et al., CVPR 2021): a rectangle cut from `donor`, with area 2–15 % of the image and
 * aspect ratio log-uniform in [0.3, 3.3], is pasted at a random place of `target` (changed in
 * place). Half the patches are turned by 180°, half are colour-jittered (brightness ±25, contrast
 * ×0.75–1.25 per channel). `mask` (H × W) marks exactly the pixels whose value the paste changed, so
 * a patch that happens to match what it covers claims nothing. Returns how many pixels changed.
 */
export function cutPaste(target: PixelImage, donor: PixelImage, mask: Uint8Array, rng: Rng): number {
  const { height, width, channels } = target;
  const area = rng.uniform(0.02, 0.15) * height * width;
  const aspect = Math.exp(rng.uniform(Math.log(0.3), Math.log(3.3)));
  const h = clamp(Math.round(Math.sqrt(area / aspect)), 1, height);
  const w = clamp(Math.round(Math.sqrt(area * aspect)), 1, width);
  const fromY = rng.int(height - h + 1);
  const fromX = rng.int(width - w + 1);
  const toY = rng.int(height - h + 1);
  const toX = rng.int(width - w + 1);
  const turned = rng.next() < 0.5;
  const jitter = rng.next() < 0.5
    ? Array.from({ length: channels }, () => ({ gain: rng.uniform(0.75, 1.25), offset: rng.uniform(-25, 25) }))
    : undefined;
  let changed = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sy = fromY + (turned ? h - 1 - y : y);
      const sx = fromX + (turned ? w - 1 - x : x);
      const p = (toY + y) * width + toX + x;
      let differs = false;
      for (let c = 0; c < channels; c++) {
        let value = donor.pixels[(sy * width + sx) * channels + c]!;
        if (jitter) value = clamp(Math.round(jitter[c]!.gain * (value - 128) + 128 + jitter[c]!.offset), 0, 255);
        if (target.pixels[p * channels + c] !== value) differs = true;
        target.pixels[p * channels + c] = value;
      }
      if (differs) {
        mask[p] = 1;
        changed++;
      }
    }
  }
  return changed;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, value));
}
