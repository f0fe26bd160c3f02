/** A shape as its four NHWC dimensions. */
export type Nhwc = [n: number, h: number, w: number, c: number];

/**
 * `shape` as [N, H, W, C]; throws naming `what` when it is not rank 4. The kernels here are registered for 4-D
 * tensors (images, conv filters), so a different rank is a caller's bug, not data to tolerate.
 */
export function nhwc(shape: readonly number[], what: string): Nhwc {
  if (shape.length !== 4) throw new Error(`${what}: expected a rank-4 shape, got [${shape.join(', ')}]`);
  return shape as Nhwc;
}
