/**
 * An anomaly map as RGB bytes for a PNG: values scaled between the map's own minimum and maximum,
 * then coloured black → red → yellow → white, so the most anomalous region of each image stands out.
 */
export function heatMapRgb(map: Float32Array): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of map) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  const out = new Uint8Array(map.length * 3);
  for (let i = 0; i < map.length; i++) {
    const t = range > 0 ? (map[i]! - min) / range : 0;
    out[i * 3] = Math.round(255 * Math.min(1, 3 * t));
    out[i * 3 + 1] = Math.round(255 * Math.min(1, Math.max(0, 3 * t - 1)));
    out[i * 3 + 2] = Math.round(255 * Math.min(1, Math.max(0, 3 * t - 2)));
  }
  return out;
}
