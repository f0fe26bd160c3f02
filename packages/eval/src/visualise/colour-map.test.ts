import { heatColour, heatMapRgb } from './colour-map';

describe('heatColour', () => {
  it('runs from the first stop to the last, linear between stops, clamped outside [0, 1]', () => {
    expect(heatColour(0)).toEqual([13, 8, 135]);
    expect(heatColour(1)).toEqual([240, 249, 33]);
    // 0.5 · 7 = 3.5: half-way between stop 3 (185, 50, 137) and stop 4 (219, 92, 104); 120.5 rounds up.
    expect(heatColour(0.5)).toEqual([202, 71, 121]);
    expect(heatColour(-2)).toEqual(heatColour(0));
    expect(heatColour(7)).toEqual(heatColour(1));
    expect(heatColour(Number.NaN)).toEqual(heatColour(0));
  });
});

describe('heatMapRgb', () => {
  const pixel = (rgb: Uint8Array, i: number) => Array.from(rgb.subarray(i * 3, i * 3 + 3));

  it('spreads a map over the palette between its own minimum and maximum', () => {
    const rgb = heatMapRgb(Float32Array.from([2, 6, 4, 2]));
    expect(rgb.length).toBe(12);
    expect(pixel(rgb, 0)).toEqual(heatColour(0));
    expect(pixel(rgb, 1)).toEqual(heatColour(1));
    expect(pixel(rgb, 2)).toEqual([202, 71, 121]);
    expect(pixel(rgb, 3)).toEqual(heatColour(0));
  });

  it('uses a given range instead, clamping values outside it', () => {
    const rgb = heatMapRgb(Float32Array.from([0, 10, 5, 20]), { lo: 0, hi: 10 });
    expect([0, 1, 2, 3].map((i) => pixel(rgb, i))).toEqual([heatColour(0), heatColour(1), heatColour(0.5), heatColour(1)]);
  });

  it('colours a flat map with the first colour', () => {
    const rgb = heatMapRgb(new Float32Array(5).fill(3.5));
    for (let i = 0; i < 5; i++) expect(pixel(rgb, i)).toEqual([13, 8, 135]);
  });
});
