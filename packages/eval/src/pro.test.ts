import { connectedComponents } from './connected-components';
import { UndefinedMetricError } from './errors';
import { aupro, proCurve } from './pro';

describe('connectedComponents', () => {
  it('joins diagonal neighbours (8-connectivity) and separates the rest', () => {
    // 1 0 0 1
    // 0 1 0 1
    // 0 0 0 0
    const { labels, count } = connectedComponents(Uint8Array.from([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]), 3, 4);
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0]);
  });
});

describe('PRO curve and AUPRO', () => {
  // 3×4 image. Region A = (0,0), 1 pixel; region B = column 3, 3 pixels; 8 normal pixels.
  //   mask         scores
  //   1 0 0 1      0.5   0.75  0.25  0.875
  //   0 0 0 1      0.125 0.125 0.125 0.25
  //   0 0 0 1      0.125 0.125 0.125 0.25
  const mask = Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const map = Float32Array.from([0.5, 0.75, 0.25, 0.875, 0.125, 0.125, 0.125, 0.25, 0.125, 0.125, 0.125, 0.25]);
  const shape = { height: 3, width: 4 };

  it('weights every region equally, whatever its size, and moves ties together', () => {
    // >= 0.875: 1/3 of B -> PRO (0 + 1/3)/2 = 1/6 at FPR 0; >= 0.75: one normal, FPR 1/8;
    // >= 0.5: all of A -> (1 + 1/3)/2 = 2/3; >= 0.25: the rest of B and a normal pixel (tied) -> 1 at FPR 2/8;
    // >= 0.125: all normals -> (1, 1).
    const curve = proCurve([map], [mask], shape);
    expect(curve.regions).toBe(2);
    expect(curve.fpr).toEqual([0, 0, 1 / 8, 1 / 8, 2 / 8, 1]);
    expect(curve.pro.map((v) => +v.toFixed(12))).toEqual([0, 1 / 6, 1 / 6, 2 / 3, 1, 1].map((v) => +v.toFixed(12)));
  });

  it('integrates up to FPR 0.3 with interpolation and normalises by 0.3', () => {
    // Trapezoids: 1/8·1/6 = 1/48; 1/8·(2/3 + 1)/2 = 5/48; from 0.25 to 0.3 at PRO 1: 0.05.
    // (6/48 + 0.05) / 0.3 = 0.175 / 0.3 = 7/12.
    expect(aupro([map], [mask], shape)).toBeCloseTo(7 / 12, 12);
    // Whole curve: 6/48 + 0.75·1 = 0.875.
    expect(aupro([map], [mask], shape, 1)).toBeCloseTo(0.875, 12);
  });

  it('counts regions across images and gives 1 for a perfect map', () => {
    const masks = [Uint8Array.from([1, 0, 0, 0]), Uint8Array.from([0, 0, 1, 1])];
    const perfect = [Float32Array.from([1, 0, 0, 0]), Float32Array.from([0, 0, 1, 1])];
    expect(proCurve(perfect, masks, { height: 2, width: 2 }).regions).toBe(2);
    expect(aupro(perfect, masks, { height: 2, width: 2 })).toBe(1);
    // Reversed map: every normal pixel comes first, so PRO stays 0 up to FPR 1.
    const reversed = perfect.map((m) => m.map((v) => 1 - v));
    expect(aupro(reversed, masks, { height: 2, width: 2 })).toBe(0);
  });

  it('is undefined without regions or without normal pixels', () => {
    expect(() => aupro([new Float32Array(4)], [new Uint8Array(4)], { height: 2, width: 2 })).toThrow(UndefinedMetricError);
    expect(() => aupro([new Float32Array(4)], [Uint8Array.from([1, 1, 1, 1])], { height: 2, width: 2 })).toThrow(/no normal pixels/);
    expect(() => aupro([new Float32Array(4)], [new Uint8Array(4)], { height: 1, width: 2 })).toThrow(/expected/);
  });
});
