import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FeatureCache } from './feature-cache';

describe('FeatureCache', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'az-cache-'));

  it('returns what was stored, keyed by pixels and extractor', () => {
    const pixels = Float32Array.from([0.1, 0.2, 0.3]);
    const key = FeatureCache.keyOf(pixels);
    const cache = new FeatureCache(root, 'extractor-a');
    expect(cache.get(key, 2)).toBeUndefined();
    cache.set(key, Float32Array.from([1.5, -2]));
    expect(Array.from(cache.get(key, 2)!)).toEqual([1.5, -2]);
    expect(new FeatureCache(root, 'extractor-b').get(key, 2)).toBeUndefined();
  });

  it('treats different pixels as different keys and a wrong length as a miss', () => {
    const a = FeatureCache.keyOf(Float32Array.from([0, 1]));
    const b = FeatureCache.keyOf(Float32Array.from([0, 1.0000001]));
    expect(a).not.toBe(b);
    const cache = new FeatureCache(root, 'extractor-c');
    cache.set(a, Float32Array.from([1, 2, 3]));
    expect(cache.get(a, 4)).toBeUndefined();
  });

  it('without a length, returns any whole vector and misses a truncated file', () => {
    const key = FeatureCache.keyOf(Float32Array.from([0.5]));
    const cache = new FeatureCache(root, 'extractor-d');
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, Float32Array.from([4, 5, 6]));
    expect(Array.from(cache.get(key)!)).toEqual([4, 5, 6]);
    const file = path.join(root, 'features');
    const stored = fs.readdirSync(file, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name === `${key}.f32`)!;
    fs.writeFileSync(path.join(stored.parentPath, stored.name), Buffer.from([1, 2, 3]));
    expect(cache.get(key)).toBeUndefined();
  });
});
