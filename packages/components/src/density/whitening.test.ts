import { UserError } from '@anomaly-zoo/core';
import { whiteningFor } from './whitening';
import { expectAllClose, multiply, transpose } from './test-utils/expect-close';

describe('whiteningFor', () => {
  it('[[4,2],[2,3]]: L = [[2,0],[1,√2]], so L⁻ᵀ = [[1/2, −1/(2√2)], [0, 1/√2]] and log det = log 8', () => {
    const { matrix, logDeterminant } = whiteningFor(Float64Array.from([4, 2, 2, 3]), 2, { ridge: 0, who: 'test', samples: 3 });
    expectAllClose(matrix, [0.5, -1 / (2 * Math.SQRT2), 0, Math.SQRT1_2], 1e-7);
    expect(logDeterminant).toBeCloseTo(Math.log(8), 12);
    // W = L⁻ᵀ whitens: Wᵀ·Σ·W = I.
    const w = Array.from(matrix);
    expectAllClose(multiply(multiply(transpose(w, 2, 2), [4, 2, 2, 3], 2, 2, 2), w, 2, 2, 2), [1, 0, 0, 1], 1e-6);
  });

  it('factors scale·(C + ridge·I): 2·([[4,2],[2,3]] + I) = [[10,4],[4,8]], det 64', () => {
    const { logDeterminant } = whiteningFor(Float64Array.from([4, 2, 2, 3]), 2, { ridge: 1, scale: 2, who: 'test', samples: 3 });
    expect(logDeterminant).toBeCloseTo(Math.log(64), 12);
  });

  it('turns a singular covariance into a UserError that names the caller and the ridge option', () => {
    expect(() => whiteningFor(Float64Array.from([1, 1, 1, 1]), 2, { ridge: 0, who: 'Model.fit', samples: 5 })).toThrow(UserError);
    expect(() => whiteningFor(Float64Array.from([1, 1, 1, 1]), 2, { ridge: 0, who: 'Model.fit', samples: 5 })).toThrow(/Model\.fit.*ridge/);
  });
});
