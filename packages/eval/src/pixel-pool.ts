/**
 * Checks that maps and masks pair up (same count, same length per image) and counts the pixels.
 * Any nonzero mask value is anomalous, so 0/1 and 0/255 masks both work.
 */
export function checkMapsAndMasks(what: string, maps: readonly Float32Array[], masks: readonly Uint8Array[]): { positives: number; total: number } {
  if (maps.length !== masks.length) {
    throw new Error(`${what}: ${maps.length} anomaly maps but ${masks.length} masks`);
  }
  let positives = 0;
  let total = 0;
  for (let i = 0; i < maps.length; i++) {
    const map = maps[i] as Float32Array;
    const mask = masks[i] as Uint8Array;
    if (map.length !== mask.length) {
      throw new Error(`${what}: image ${i} has an anomaly map of ${map.length} pixels but a mask of ${mask.length}`);
    }
    total += map.length;
    for (let j = 0; j < mask.length; j++) positives += mask[j] !== 0 ? 1 : 0;
  }
  return { positives, total };
}

/**
 * Pools every pixel into two ascending float32 arrays, anomalous and normal. The maps are float32
 * already, so the copies lose nothing, and the native typed-array sort keeps millions of pixels fast.
 */
export function poolPixelsByMask(
  what: string,
  maps: readonly Float32Array[],
  masks: readonly Uint8Array[],
  counts: { positives: number; total: number },
): { positives: Float32Array; negatives: Float32Array } {
  const positives = new Float32Array(counts.positives);
  const negatives = new Float32Array(counts.total - counts.positives);
  let p = 0;
  let n = 0;
  for (let i = 0; i < maps.length; i++) {
    const map = maps[i] as Float32Array;
    const mask = masks[i] as Uint8Array;
    for (let j = 0; j < map.length; j++) {
      const score = map[j] as number;
      if (!Number.isFinite(score)) throw new Error(`${what}: image ${i}, pixel ${j} has score ${score}`);
      if (mask[j] !== 0) positives[p++] = score;
      else negatives[n++] = score;
    }
  }
  positives.sort();
  negatives.sort();
  return { positives, negatives };
}
