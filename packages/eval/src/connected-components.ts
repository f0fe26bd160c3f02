/**
 * Labels the 8-connected components of the nonzero pixels of a row-major mask (the connectivity
 * the MVTec AD evaluation uses). labels[i] = 0 for background, 1..count for the regions.
 */
export function connectedComponents(mask: Uint8Array, height: number, width: number): { labels: Int32Array; count: number } {
  if (mask.length !== height * width) throw new Error(`connectedComponents: mask has ${mask.length} pixels, expected ${height}×${width}`);
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  let count = 0;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || labels[start] !== 0) continue;
    count++;
    labels[start] = count;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const pixel = stack[--top] as number;
      const y = Math.floor(pixel / width);
      const x = pixel - y * width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (mask[neighbour] !== 0 && labels[neighbour] === 0) {
            labels[neighbour] = count;
            stack[top++] = neighbour;
          }
        }
      }
    }
  }
  return { labels, count };
}
