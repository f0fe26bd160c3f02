import { moveBlocks, transpose2d } from './heap-transpose';

/** Plain N-d transpose by index arithmetic, the reference. */
function reference(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((a) => shape[a]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const out = new Float32Array(src.length);
  const index = new Array(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    for (let i = outShape.length - 1; i >= 0; i--) {
      index[i] = rest % outShape[i]!;
      rest = Math.floor(rest / outShape[i]!);
    }
    out[o] = src[perm.reduce((s, axis, i) => s + index[i] * strides[axis]!, 0)]!;
  }
  return out;
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i * 0.5 - 7);

describe('heap transposes', () => {
  test.each([[1, 1], [3, 5], [17, 33], [40, 16], [2, 100]])('transpose2d %i×%i', (rows, cols) => {
    const src = ramp(rows * cols);
    const dst = new Float32Array(src.length);
    transpose2d(src, dst, rows, cols);
    expect(Array.from(dst)).toEqual(Array.from(reference(src, [rows, cols], [1, 0])));
  });

  test.each([
    [[3, 4, 5], [1, 0, 2]],
    [[2, 3, 4, 20], [2, 0, 1, 3]],
    [[5, 2, 3, 2, 7], [0, 2, 1, 3, 4]],
    [[4, 6, 1], [1, 0, 2]],
  ])('moveBlocks %j by %j', (shape, perm) => {
    const src = ramp(shape.reduce((a, b) => a * b, 1));
    const dst = new Float32Array(src.length);
    moveBlocks(src, dst, shape, perm);
    expect(Array.from(dst)).toEqual(Array.from(reference(src, shape, perm)));
  });
});
