import { UserError } from '@anomaly-zoo/core';
import { bandwidthFactor, checkBandwidth, scottFactor, silvermanFactor } from './bandwidth';

describe('bandwidth rules (scipy.stats.gaussian_kde)', () => {
  it("Scott: n^(−1/(d+4)); for n = 100, d = 4 that is 100^(−1/8) = 10^(−1/4)", () => {
    expect(scottFactor(100, 4)).toBeCloseTo(10 ** -0.25, 14);
    expect(scottFactor(16, 0)).toBeCloseTo(0.5, 14); // 16^(−1/4)
    expect(bandwidthFactor('scott', 100, 4)).toBe(scottFactor(100, 4));
  });

  it("Silverman: (n(d+2)/4)^(−1/(d+4)); n = 100, d = 4 gives 150^(−1/8); n = 4, d = 2 gives 4^(−1/6)", () => {
    expect(silvermanFactor(100, 4)).toBeCloseTo(Math.exp(-Math.log(150) / 8), 14);
    expect(silvermanFactor(4, 2)).toBeCloseTo(2 ** (-1 / 3), 14);
    expect(bandwidthFactor('silverman', 100, 4)).toBe(silvermanFactor(100, 4));
  });

  it('passes an explicit factor through and rejects anything else', () => {
    expect(bandwidthFactor(0.3, 100, 4)).toBe(0.3);
    expect(() => checkBandwidth(0)).toThrow(UserError);
    expect(() => checkBandwidth(-1)).toThrow(UserError);
    expect(() => checkBandwidth(NaN)).toThrow(UserError);
    expect(() => checkBandwidth('normal_reference' as never)).toThrow(UserError);
  });
});
