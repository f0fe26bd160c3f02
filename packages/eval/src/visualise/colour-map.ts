/**
 * The one heat-map palette of the project (run visualisations, tools/predict --maps, the browser demo): stops of a
 * perceptually ordered dark-blue → purple → orange → yellow scale, as [r, g, b].
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [13, 8, 135],
  [84, 2, 163],
  [139, 10, 165],
  [185, 50, 137],
  [219, 92, 104],
  [244, 136, 73],
  [254, 188, 43],
  [240, 249, 33],
];

/** Colour of t in [0, 1] (clamped; not finite → 0), linear between the stops. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** The values a heat map spreads over the palette: `lo` gets its first colour, `hi` its last. */
export interface HeatRange {
  lo: number;
  hi: number;
}

/**
 * An anomaly map as RGB bytes (3 per value, e.g. for a PNG): each value v coloured heatColour((v − lo) / (hi − lo)).
 * Without a range, the map's own minimum and maximum, so the most anomalous region of each image stands out; a
 * flat map (hi = lo) is all the first colour.
 */
export function heatMapRgb(map: Float32Array, range: HeatRange = heatRange([map])): Uint8Array {
  const out = new Uint8Array(map.length * 3);
  const span = range.hi - range.lo;
  for (let i = 0; i < map.length; i++) out.set(heatColour(span > 0 ? (map[i]! - range.lo) / span : 0), i * 3);
  return out;
}

/** The range of values over all `maps`, for heat maps that share one colour scale (a report's panels). */
export function heatRange(maps: readonly Float32Array[]): HeatRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (const map of maps) for (const v of map) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}
