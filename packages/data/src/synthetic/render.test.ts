import { DEFECT_KINDS } from './defects';
import { renderSample } from './render';

describe('renderSample', () => {
  it.each(['texture', 'object'] as const)('%s: a defect changes exactly the pixels of its mask', (style) => {
    const size = 96;
    for (const defect of DEFECT_KINDS) {
      for (let seed = 0; seed < 4; seed++) {
        const damaged = renderSample({ style, size, seed, defect });
        const original = renderSample({ style, size, seed });
        let maskPixels = 0;
        let mismatches = 0;
        let minX = size;
        let maxX = -1;
        let minY = size;
        let maxY = -1;
        for (let p = 0; p < size * size; p++) {
          const differs = [0, 1, 2].some((c) => damaged.pixels[p * 3 + c] !== original.pixels[p * 3 + c]);
          if (differs !== (damaged.mask[p] === 1)) mismatches++;
          if (damaged.mask[p]) {
            maskPixels++;
            const [x, y] = [p % size, Math.floor(p / size)];
            [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
          }
        }
        expect(mismatches).toBe(0);
        expect(maskPixels).toBeGreaterThan(0);
        // Large enough to survive downscaling: spans at least ~4% of the side.
        expect(Math.max(maxX - minX, maxY - minY) + 1).toBeGreaterThanOrEqual(0.04 * size);
        expect(original.mask.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('is deterministic and varies with the seed', () => {
    for (const style of ['texture', 'object'] as const) {
      const a = renderSample({ style, size: 64, seed: 3, defect: 'blob' });
      expect(renderSample({ style, size: 64, seed: 3, defect: 'blob' })).toEqual(a);
      expect(renderSample({ style, size: 64, seed: 4, defect: 'blob' }).pixels).not.toEqual(a.pixels);
    }
  });
});
