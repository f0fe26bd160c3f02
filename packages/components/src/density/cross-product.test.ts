import { centreColumns, crossProduct, gramMatrix } from './cross-product';
import { expectAllClose } from './test-utils/expect-close';

describe('crossProduct', () => {
  it('rows (1, s, s²) for s = 0..10 give the power sums 11, 55, 385, 3025, 25333', () => {
    // 11 rows: one blocked sweep of eight plus three left over.
    const x = Float64Array.from(Array.from({ length: 11 }, (_, s) => [1, s, s * s]).flat());
    expectAllClose(crossProduct(x, 11, 3), [11, 55, 385, 55, 385, 3025, 385, 3025, 25333], 1e-15);
  });

  it('handles fewer rows than one block', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    expectAllClose(crossProduct(x, 2, 2), [10, 14, 14, 20], 1e-15);
  });
});

describe('gramMatrix', () => {
  it('holds the inner products of the rows', () => {
    const x = Float64Array.from([1, 2, 3, 4, 0, -1]);
    // (1,2,3)·(1,2,3) = 14, (1,2,3)·(4,0,−1) = 1, (4,0,−1)·(4,0,−1) = 17.
    expectAllClose(gramMatrix(x, 2, 3), [14, 1, 1, 17], 1e-15);
  });
});

describe('centreColumns', () => {
  it('subtracts the column means', () => {
    const { mean, centred } = centreColumns([1, 10, 3, 20, 5, 60], 3, 2);
    expectAllClose(mean, [3, 30], 1e-15);
    expectAllClose(centred, [-2, -20, 0, -10, 2, 30], 1e-15);
  });

  it('rejects a wrongly sized input', () => {
    expect(() => centreColumns([1, 2, 3], 2, 2)).toThrow(/expected 4 entries/);
    expect(() => crossProduct(new Float64Array(3), 2, 2)).toThrow(/expected 4 entries/);
    expect(() => gramMatrix(new Float64Array(3), 2, 2)).toThrow(/expected 4 entries/);
  });
});
