import { createRng } from '@anomaly-zoo/core';
import { axisOrigins, cutTile, reduceTileScores, stitchTiles, tileGrid } from './tile-grid';

function seededMap(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.uniform(-3, 7));
}

function roundTrip(side: number, tile: number, stride: number, channels: number, seed: number): { original: Float32Array; stitched: Float32Array } {
  const grid = tileGrid({ height: side, width: side + 32 }, { height: tile, width: tile }, { height: stride, width: stride });
  const original = seededMap(side * (side + 32) * channels, seed);
  const tiles = grid.origins.map((_, t) => cutTile(grid, original, t, channels));
  return { original, stitched: stitchTiles(grid, tiles, channels) };
}

describe('axisOrigins', () => {
  it('starts a tile every stride and pulls the last one flush with the edge', () => {
    expect(axisOrigins(448, 224, 224)).toEqual([0, 224]);
    expect(axisOrigins(512, 224, 224)).toEqual([0, 224, 288]);
    expect(axisOrigins(512, 224, 112)).toEqual([0, 112, 224, 288]);
    expect(axisOrigins(224, 224, 112)).toEqual([0]);
    expect(axisOrigins(10, 4, 3)).toEqual([0, 3, 6]);
  });

  it('refuses a tile larger than the axis and a stride that would leave gaps', () => {
    expect(() => axisOrigins(100, 101, 50)).toThrow(/tile 101/);
    expect(() => axisOrigins(100, 50, 51)).toThrow(/stride 51.*gaps/);
    expect(() => axisOrigins(100, 50, 0)).toThrow(/stride 0/);
  });
});

describe('cut and stitch', () => {
  it('reproduce a map exactly when tiles do not overlap', () => {
    const { original, stitched } = roundTrip(96, 32, 32, 1, 1);
    expect(stitched).toEqual(original);
  });

  it('reproduce a map and an RGB image within 1e-6 when tiles overlap (averages of equal values)', () => {
    for (const channels of [1, 3]) {
      const { original, stitched } = roundTrip(100, 32, 12, channels, 2 + channels);
      let worst = 0;
      original.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - stitched[i]!))));
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
  });

  it('average overlapping tiles pixel by pixel (hand-computed)', () => {
    // A 1×3 image, tiles 1×2 at columns 0 and 1: the middle pixel is the mean of 2 and 4.
    const grid = tileGrid({ height: 1, width: 3 }, { height: 1, width: 2 }, { height: 1, width: 1 });
    expect(grid.origins).toEqual([{ y: 0, x: 0 }, { y: 0, x: 1 }]);
    expect(Array.from(stitchTiles(grid, [Float32Array.of(1, 2), Float32Array.of(4, 6)]))).toEqual([1, 3, 6]);
  });

  it('refuse tiles of the wrong size or count', () => {
    const grid = tileGrid({ height: 4, width: 4 }, { height: 2, width: 2 }, { height: 2, width: 2 });
    expect(() => stitchTiles(grid, [new Float32Array(4)])).toThrow(/1 tiles for a grid of 4/);
    expect(() => stitchTiles(grid, [new Float32Array(4), new Float32Array(4), new Float32Array(4), new Float32Array(3)])).toThrow(/tile 3 holds 3/);
  });
});

describe('reduceTileScores', () => {
  it('takes the worst tile (max) or the mean', () => {
    expect(reduceTileScores([0.5, 2, -1, 1], 'max')).toBe(2);
    expect(reduceTileScores([0.5, 2, -1, 1], 'mean')).toBe(0.625);
  });
});
