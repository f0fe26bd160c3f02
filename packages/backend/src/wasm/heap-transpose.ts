type Numbers = Float32Array | Int32Array;

/**
 * Transposes on the wasm heap from JS. The wasm Transpose kernel indexes every element through the generic
 * N-d path; a tiled 2-D loop is faster, and a permutation that keeps the innermost axis is just block copies.
 */
export function transpose2d(src: Numbers, dst: Numbers, rows: number, cols: number): void {
  const tile = 16;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) {
        const from = r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[from + c]!;
      }
    }
  }
}

/**
 * `shape` = [d_0, …, d_k-1, block] permuted by `order` over the first k axes (the block stays innermost):
 * copies whole blocks in output order.
 */
export function moveBlocks(src: Numbers, dst: Numbers, shape: number[], order: number[]): void {
  const block = shape[shape.length - 1];
  if (block === undefined) throw new Error('moveBlocks: empty shape');
  const outer = order.slice(0, -1);
  const k = outer.length;
  const srcStride = new Array<number>(k);
  let stride = block;
  for (let axis = k - 1; axis >= 0; axis--) {
    srcStride[axis] = stride;
    stride *= shape[axis]!;
  }
  const dims = outer.map((axis) => shape[axis]!);
  const steps = outer.map((axis) => srcStride[axis]!);
  const index = new Array<number>(k).fill(0);
  const count = stride / block;
  let from = 0;
  for (let b = 0, to = 0; b < count; b++, to += block) {
    if (block >= 16) dst.set(src.subarray(from, from + block), to);
    else for (let i = 0; i < block; i++) dst[to + i] = src[from + i]!;
    for (let axis = k - 1; axis >= 0; axis--) {
      from += steps[axis]!;
      if (++index[axis]! < dims[axis]!) break;
      from -= steps[axis]! * dims[axis]!;
      index[axis] = 0;
    }
  }
}
