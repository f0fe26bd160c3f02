/**
 * Where the tiles of an image lie, and how per-tile maps become one map of the whole image.
 *
 * Along one axis of length L, tiles of length T start every S pixels (S ≤ T ≤ L):
 *
 *   p_i = i·S  for i = 0, 1, … while i·S + T < L,   then one last tile at p = L − T.
 *
 * The last tile is pulled back to end exactly on the edge, so every pixel is covered and no tile reaches past the
 * image; it overlaps its neighbour when S does not divide L − T. With S = T and T dividing L the tiles partition
 * the axis. A 2-D tile grid is the product of the row and the column positions, row-major.
 *
 * Stitching averages: with tile t at (y_t, x_t) giving the map m_t,
 *
 *   M(y, x) = Σ_{t covers (y,x)} m_t(y − y_t, x − x_t)  /  #{t covers (y,x)}.
 *
 * Where one tile covers a pixel this is that tile's value, exactly (a single sum term, divided by 1). The sums run
 * in float64, so averaging k copies of one float32 value returns it to within float32 rounding.
 */

export interface Size {
  height: number;
  width: number;
}

/** A config size (one side, or [height, width]) as height and width. */
export function sizeOf(size: number | [number, number]): Size {
  return Array.isArray(size) ? { height: size[0], width: size[1] } : { height: size, width: size };
}

export interface TileGrid {
  /** The whole image the tiles cover. */
  image: Size;
  tile: Size;
  /** Top-left corner of each tile, row-major. */
  origins: Array<{ y: number; x: number }>;
}

/** Tile starts along one axis: every `stride` pixels, the last one flush with the edge. */
export function axisOrigins(length: number, tile: number, stride: number): number[] {
  if (!(Number.isInteger(length) && Number.isInteger(tile) && Number.isInteger(stride))) throw new Error('tile grid: sizes must be integers');
  if (tile < 1 || tile > length) throw new Error(`tile grid: tile ${tile} must lie in [1, ${length}]`);
  if (stride < 1 || stride > tile) throw new Error(`tile grid: stride ${stride} must lie in [1, tile ${tile}] (a larger stride leaves gaps)`);
  const origins: number[] = [];
  for (let p = 0; p + tile < length; p += stride) origins.push(p);
  origins.push(length - tile);
  return origins;
}

export function tileGrid(image: Size, tile: Size, stride: Size): TileGrid {
  const rows = axisOrigins(image.height, tile.height, stride.height);
  const columns = axisOrigins(image.width, tile.width, stride.width);
  return { image, tile, origins: rows.flatMap((y) => columns.map((x) => ({ y, x }))) };
}

/** Tile `t` of an H×W×C row-major array (a map when channels is 1). */
export function cutTile(grid: TileGrid, values: Float32Array, t: number, channels = 1): Float32Array {
  const { y, x } = grid.origins[t]!;
  const { height, width } = grid.tile;
  const out = new Float32Array(height * width * channels);
  const rowLength = width * channels;
  for (let r = 0; r < height; r++) {
    const from = ((y + r) * grid.image.width + x) * channels;
    out.set(values.subarray(from, from + rowLength), r * rowLength);
  }
  return out;
}

/** How many tiles cover each pixel of the whole image (H×W, row-major): the denominator of the average. */
export function coverCounts(grid: TileGrid): Uint16Array {
  const { image, tile } = grid;
  const counts = new Uint16Array(image.height * image.width);
  for (const { y, x } of grid.origins) {
    for (let r = 0; r < tile.height; r++) {
      const pixel = (y + r) * image.width + x;
      for (let c = 0; c < tile.width; c++) counts[pixel + c] = counts[pixel + c]! + 1;
    }
  }
  return counts;
}

/** Accumulates one image's tiles (any order, each once) and gives their average at every pixel (H×W×C, row-major). */
export class TileStitcher {
  private readonly sums: Float64Array;
  private readonly added: boolean[];

  /** `counts` is coverCounts(grid), shared by every image of the grid. */
  constructor(private readonly grid: TileGrid, private readonly counts: Uint16Array, private readonly channels = 1) {
    this.sums = new Float64Array(grid.image.height * grid.image.width * channels);
    this.added = grid.origins.map(() => false);
  }

  add(t: number, values: Float32Array): void {
    const { image, tile } = this.grid;
    const rowLength = tile.width * this.channels;
    if (values.length !== tile.height * rowLength) throw new Error(`stitch: tile ${t} holds ${values.length} values, not ${tile.height * rowLength}`);
    if (this.added[t] !== false) throw new Error(`stitch: tile ${t} is not a fresh tile of the grid`);
    this.added[t] = true;
    const { y, x } = this.grid.origins[t]!;
    for (let r = 0; r < tile.height; r++) {
      const start = ((y + r) * image.width + x) * this.channels;
      for (let i = 0; i < rowLength; i++) this.sums[start + i] = this.sums[start + i]! + values[r * rowLength + i]!;
    }
  }

  finish(): Float32Array {
    const missing = this.added.indexOf(false);
    if (missing >= 0) throw new Error(`stitch: tile ${missing} was never added`);
    const out = new Float32Array(this.sums.length);
    for (let i = 0; i < out.length; i++) out[i] = this.sums[i]! / this.counts[Math.floor(i / this.channels)]!;
    return out;
  }
}

/** The average of every tile's values at each pixel of the whole image; one array per tile, in grid order. */
export function stitchTiles(grid: TileGrid, tiles: readonly Float32Array[], channels = 1): Float32Array {
  if (tiles.length !== grid.origins.length) throw new Error(`stitch: ${tiles.length} tiles for a grid of ${grid.origins.length}`);
  const stitcher = new TileStitcher(grid, coverCounts(grid), channels);
  tiles.forEach((values, t) => stitcher.add(t, values));
  return stitcher.finish();
}

/** How the tiles' scores of one image become its score. */
export const TILE_REDUCTIONS = ['max', 'mean'] as const;
export type TileReduction = (typeof TILE_REDUCTIONS)[number];

/** One image score from its tiles' scores. */
export function reduceTileScores(scores: ArrayLike<number>, reduction: TileReduction): number {
  if (scores.length === 0) throw new Error('reduce: no tile scores');
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > max) max = s;
    sum += s;
  }
  return reduction === 'max' ? max : sum / scores.length;
}
