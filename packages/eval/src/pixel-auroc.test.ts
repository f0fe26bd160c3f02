import { createRng } from '@anomaly-zoo/core';
import { UndefinedMetricError } from './errors';
import { pixelAuroc } from './pixel-auroc';
import { naiveAuroc } from '@anomaly-zoo/testing';

describe('pixelAuroc', () => {
  it('pools the pixels of all images', () => {
    // Pooled normal pixels 0.1, 0.4; anomalous 0.3, 0.9: 0.3 beats 0.1, 0.9 beats both -> U = 3 of 4.
    const maps = [new Float32Array([0.1, 0.3]), new Float32Array([0.4, 0.9])];
    const masks = [new Uint8Array([0, 1]), new Uint8Array([0, 1])];
    expect(pixelAuroc(maps, masks)).toBe(0.75);
  });

  it('treats any nonzero mask value (e.g. 255) as anomalous', () => {
    expect(pixelAuroc([new Float32Array([0.2, 0.8, 0.5])], [new Uint8Array([0, 255, 0])])).toBe(1);
  });

  it('matches the O(P·N) definition on a small random case', () => {
    const rng = createRng('pixel-vs-naive');
    const maps: Float32Array[] = [];
    const masks: Uint8Array[] = [];
    for (let image = 0; image < 5; image++) {
      const size = 50 + rng.int(50);
      maps.push(Float32Array.from({ length: size }, () => Math.round(rng.next() * 20) / 20));
      masks.push(Uint8Array.from({ length: size }, () => (rng.next() < 0.2 ? 1 : 0)));
    }
    const allScores = maps.flatMap((m) => Array.from(m));
    const allLabels = masks.flatMap((m) => Array.from(m));
    expect(pixelAuroc(maps, masks)).toBeCloseTo(naiveAuroc(allScores, allLabels), 12);
  });

  it('handles 2M pixels exactly', () => {
    // Two 1M-pixel images; odd pixels are anomalous. Normal scores cycle 0..999 and anomalous ones
    // 500..1499, each value equally often, so AUROC = P(X > Y) + ½P(X = Y) with X ~ U{500..1499},
    // Y ~ U{0..999}: for x = 500..999, x normals lie below and one ties -> Σ(x + ½) = 374750 + 250;
    // for x = 1000..1499 all 1000 lie below -> 500000. (375000 + 500000) / 1000² = 0.875.
    const size = 1_000_000;
    const maps: Float32Array[] = [];
    const masks: Uint8Array[] = [];
    for (let image = 0; image < 2; image++) {
      const map = new Float32Array(size);
      const mask = new Uint8Array(size);
      for (let j = 0; j < size; j++) {
        const value = Math.floor(j / 2) % 1000;
        mask[j] = j % 2;
        map[j] = mask[j] === 1 ? value + 500 : value;
      }
      maps.push(map);
      masks.push(mask);
    }
    expect(pixelAuroc(maps, masks)).toBe(0.875);
  });

  it('throws a clear error when maps and masks do not line up', () => {
    expect(() => pixelAuroc([new Float32Array(2)], [])).toThrow(/1 anomaly maps but 0 masks/);
    expect(() => pixelAuroc([new Float32Array(2), new Float32Array(3)], [new Uint8Array(2), new Uint8Array(4)])).toThrow(
      /image 1 has an anomaly map of 3 pixels but a mask of 4/,
    );
  });

  it('throws UndefinedMetricError when the masks hold one class only', () => {
    expect(() => pixelAuroc([new Float32Array([0.1, 0.2])], [new Uint8Array([0, 0])])).toThrow(UndefinedMetricError);
    expect(() => pixelAuroc([new Float32Array([0.1, 0.2])], [new Uint8Array([1, 1])])).toThrow(UndefinedMetricError);
  });

  it('rejects NaN scores', () => {
    expect(() => pixelAuroc([new Float32Array([0.1, NaN])], [new Uint8Array([0, 1])])).toThrow(/pixel 1/);
  });
});
