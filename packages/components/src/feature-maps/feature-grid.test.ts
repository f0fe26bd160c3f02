import * as tf from '@tensorflow/tfjs';
import { concatOnGrid, finestGrid, localAverage } from './feature-grid';

describe('localAverage', () => {
  it('averages each 3×3 window, counting only the positions inside the map at the border', () => {
    // 3×3 map 1..9: the centre window holds all nine (mean 5); the corner (0, 0) window holds 1, 2, 4, 5 (mean 3);
    // the edge (0, 1) window holds 1, 2, 3, 4, 5, 6 (mean 3.5).
    const map = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const averaged = localAverage(map, 3);
    const got = Array.from(averaged.dataSync());
    expect(got[4]).toBeCloseTo(5, 6);
    expect(got[0]).toBeCloseTo(3, 6);
    expect(got[1]).toBeCloseTo(3.5, 6);
    expect(got[8]).toBeCloseTo(7, 6);
    tf.dispose([map, averaged]);
  });

  it('leaves the map as it is for size 1', () => {
    const map = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const same = localAverage(map, 1);
    expect(Array.from(same.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([map, same]);
  });
});

describe('concatOnGrid', () => {
  it('upsamples the coarser map to the finest grid and concatenates channels in layer order', () => {
    const fine = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
    const coarse = tf.fill([1, 2, 2, 2], 7) as tf.Tensor4D;
    expect(finestGrid([fine, coarse].map((m) => [m.shape[1], m.shape[2]]))).toBe(4);
    const joined = concatOnGrid([fine, coarse], 4, 'bilinear');
    expect(joined.shape).toEqual([1, 4, 4, 3]);
    const values = Array.from(joined.dataSync());
    // Position (1, 2): the fine value 7 first, then the constant coarse channels (a constant map upsamples to itself).
    expect(values.slice((1 * 4 + 2) * 3, (1 * 4 + 2) * 3 + 3)).toEqual([7, 7, 7]);
    expect(values.filter((_, i) => i % 3 === 0)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    tf.dispose([fine, coarse, joined]);
  });
});
