import { renderSample } from './render';
import type { PixelImage } from './cut-paste';
import { makeSyntheticAnomalies, VALIDATION_ANOMALY_KINDS } from './validation-anomalies';

const SIZE = 48;
/** Defect-free images of the generator's bottle scene, each different. */
const bottles: PixelImage[] = [1, 2, 3].map((seed) => ({
  height: SIZE, width: SIZE, channels: 3, pixels: renderSample({ style: 'object', size: SIZE, seed }).pixels,
}));

function changedPixels(a: PixelImage, pixels: Uint8Array): Uint8Array {
  const changed = new Uint8Array(a.height * a.width);
  for (let p = 0; p < changed.length; p++) {
    for (let c = 0; c < a.channels; c++) if (a.pixels[p * a.channels + c] !== pixels[p * a.channels + c]) changed[p] = 1;
  }
  return changed;
}

describe('makeSyntheticAnomalies', () => {
  it('marks in each mask exactly the pixels the defect changed, and leaves the sources alone', () => {
    const before = bottles.map((b) => b.pixels.slice());
    const anomalies = makeSyntheticAnomalies(bottles, 16, 42);
    expect(anomalies.map((a) => a.kind)).toEqual(Array.from({ length: 16 }, (_, k) => VALIDATION_ANOMALY_KINDS[k % 4]));
    for (const [k, anomaly] of anomalies.entries()) {
      expect(anomaly.source).toBe(k % bottles.length);
      const changed = changedPixels(bottles[anomaly.source]!, anomaly.pixels);
      expect(Array.from(anomaly.mask)).toEqual(Array.from(changed));
      const area = anomaly.mask.reduce((a, b) => a + b, 0);
      expect(area).toBeGreaterThan(0);
      expect(area).toBeLessThan(0.5 * SIZE * SIZE);
    }
    bottles.forEach((b, i) => expect(b.pixels).toEqual(before[i]));
  });

  it('pastes CutPaste patches from another normal image', () => {
    const patches = makeSyntheticAnomalies(bottles, 12, 7).filter((a) => a.kind === 'cutpaste');
    expect(patches.length).toBe(3);
    for (const patch of patches) expect(patch.donor).not.toBe(patch.source);
  });

  it('is seeded: the same seed repeats every pixel, another seed differs, and the first m of n are the m alone', () => {
    const a = makeSyntheticAnomalies(bottles, 8, 42);
    expect(makeSyntheticAnomalies(bottles, 8, 42)).toEqual(a);
    expect(makeSyntheticAnomalies(bottles, 5, 42)).toEqual(a.slice(0, 5));
    const other = makeSyntheticAnomalies(bottles, 8, 43);
    expect(other.some((o, k) => !Buffer.from(o.mask).equals(Buffer.from(a[k]!.mask)))).toBe(true);
  });

  it('handles grey and non-square images (CutPaste only when not square), masks still exact', () => {
    const grey: PixelImage[] = bottles.map((b) => ({
      ...b, channels: 1, pixels: Uint8Array.from({ length: SIZE * SIZE }, (_, p) => b.pixels[p * 3 + 1]!),
    }));
    for (const anomaly of makeSyntheticAnomalies(grey, 8, 1)) {
      expect(Array.from(anomaly.mask)).toEqual(Array.from(changedPixels(grey[anomaly.source]!, anomaly.pixels)));
    }
    const wide: PixelImage[] = [0, 1].map((i) => ({
      height: 20, width: 36, channels: 3, pixels: Uint8Array.from({ length: 20 * 36 * 3 }, (_, j) => (j * (7 + i)) % 251),
    }));
    const anomalies = makeSyntheticAnomalies(wide, 4, 3);
    expect(new Set(anomalies.map((a) => a.kind))).toEqual(new Set(['cutpaste']));
    for (const anomaly of anomalies) {
      expect(Array.from(anomaly.mask)).toEqual(Array.from(changedPixels(wide[anomaly.source]!, anomaly.pixels)));
    }
  });
});
