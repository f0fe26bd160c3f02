import sharp from 'sharp';
import { heatColour } from './colour-map';
import { composeVisualisation, GROUND_TRUTH_COLOUR, PREDICTED_COLOUR } from './compose';
import { contourOf } from './contour';

describe('contourOf', () => {
  it('keeps the pixels of a region that touch the outside', () => {
    // 4×4 mask with a 3×3 block at the top left: only its centre (1,1) is interior.
    const mask = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(contourOf(mask, 4, 4))).toEqual([1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  });
});

describe('composeVisualisation', () => {
  // 8×8 grey image, map hot in the top-left 4×4 quarter, ground truth the top-left 2×2.
  const size = 8;
  const image = new Float32Array(size * size * 3).fill(0.5);
  const map = Float32Array.from({ length: size * size }, (_, i) => (Math.floor(i / size) < 4 && i % size < 4 ? 1 : 0));
  const mask = Float32Array.from({ length: size * size }, (_, i) => (Math.floor(i / size) < 2 && i % size < 2 ? 1 : 0));
  const base = { height: size, width: size, channels: 3 as const, image, map, mask: Uint8Array.from(mask), mapRange: { lo: 0, hi: 1 }, pixelThreshold: 0.5 };

  async function pixels(png: Buffer) {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    return { info, at };
  }

  it('draws original | heat map | overlay, enlarged, with both contours on the overlay', async () => {
    const { info, at } = await pixels(await composeVisualisation(base));
    // 8 px enlarged by 20 -> 160 px panels, 3 panels and two 4 px gaps.
    expect(info.height).toBe(160);
    expect(info.width).toBe(3 * 160 + 2 * 4);
    expect(at(80, 80)).toEqual([128, 128, 128]); // original grey
    expect(at(164 + 10, 10)).toEqual(heatColour(1)); // hot quarter
    expect(at(164 + 150, 150)).toEqual(heatColour(0));
    const overlay = 2 * 164;
    expect(at(overlay + 0, 0)).toEqual(GROUND_TRUTH_COLOUR); // corner of the 2×2 truth
    expect(at(overlay + 79, 40)).toEqual(PREDICTED_COLOUR); // right edge of the predicted 4×4 quarter
    // Cold pixels show the original; the hot quarter 0.4·original + 0.6·heat.
    expect(at(overlay + 120, 120)).toEqual([128, 128, 128]);
    expect(at(overlay + 60, 20)).toEqual(heatColour(1).map((c) => Math.round(128 * 0.4 + c * 0.6)));
  });

  it('adds the reconstruction panel when there is one', async () => {
    const { info, at } = await pixels(await composeVisualisation({ ...base, reconstruction: new Float32Array(size * size * 3).fill(1) }));
    expect(info.width).toBe(4 * 160 + 3 * 4);
    expect(at(164 + 50, 50)).toEqual([255, 255, 255]);
  });

  it('rejects a map of the wrong size', async () => {
    await expect(composeVisualisation({ ...base, map: new Float32Array(3) })).rejects.toThrow(/map has 3 values/);
  });
});
