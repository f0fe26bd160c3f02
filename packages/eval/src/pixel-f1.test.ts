import { UndefinedMetricError } from './errors';
import { pixelF1Max } from './pixel-f1';

describe('pixelF1Max', () => {
  it('pools the pixels of all images and picks the best operating point', () => {
    // anomalous 0.375, 0.875; normal 0.125, 0.5 (P = 2). Flag >= 0.875: F1 = 2/(1+0+2) = 0.667;
    // >= 0.5: 2/(1+1+2) = 0.5; >= 0.375: 4/(2+1+2) = 0.8; >= 0.125: 4/6. Best 0.8, threshold 0.125.
    const maps = [new Float32Array([0.125, 0.375]), new Float32Array([0.5, 0.875])];
    const masks = [new Uint8Array([0, 1]), new Uint8Array([0, 255])];
    expect(pixelF1Max(maps, masks)).toEqual({ f1: 0.8, threshold: 0.125 });
  });

  it('moves tied pixels together and prefers the highest of equally good thresholds', () => {
    // anomalous 0.5, 0.5, 0.25; normal 0.5, 0.25, 0 (P = 3). >= 0.5 flags 2 tp + 1 fp: 4/(3+3) = 2/3;
    // >= 0.25: 3 tp + 2 fp: 6/(5+3) = 0.75; >= 0: 3 tp + 3 fp: 6/9 = 2/3. Best 0.75 at threshold 0.
    const maps = [new Float32Array([0.5, 0.5, 0.25, 0.5, 0.25, 0])];
    const masks = [new Uint8Array([1, 1, 1, 0, 0, 0])];
    expect(pixelF1Max(maps, masks)).toEqual({ f1: 0.75, threshold: 0 });
    // anomalous 1, 0.5; normal 0.5, 0.5: >= 1 gives 2/(1+2) = 2/3, >= 0.5 gives 4/(2+2+2) = 2/3 -> keep 0.5.
    expect(pixelF1Max([new Float32Array([1, 0.5, 0.5, 0.5])], [new Uint8Array([1, 1, 0, 0])])).toEqual({ f1: 2 / 3, threshold: 0.5 });
  });

  it('flags everything with the largest double below the lowest score when that is best', () => {
    const { f1, threshold } = pixelF1Max([new Float32Array([0.25, 0.75])], [new Uint8Array([1, 1])]);
    expect(f1).toBe(1);
    expect(threshold).toBeLessThan(0.25);
    expect(0.25 > threshold).toBe(true);
  });

  it('is undefined without anomalous pixels, and rejects mismatched inputs', () => {
    expect(() => pixelF1Max([new Float32Array([0.1, 0.2])], [new Uint8Array([0, 0])])).toThrow(UndefinedMetricError);
    expect(() => pixelF1Max([new Float32Array(3)], [new Uint8Array(2)])).toThrow(/image 0/);
  });
});
