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
    const packs = packFiles(cache);
    expect(packs).toHaveLength(1);
    fs.truncateSync(packs[0]!, fs.statSync(packs[0]!).size - 1);
    expect(cache.get(key)).toBeUndefined();
    expect(new FeatureCache(root, 'extractor-d').get(key)).toBeUndefined();
  });

  it('stores a batch as one pack, which a later cache on the same folder finds by listing it once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-cache-packs-'));
    const keys = [0, 1, 2].map((i) => FeatureCache.keyOf(Float32Array.of(i)));
    const vectors = [Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(-5, 0.5)];
    const writer = new FeatureCache(dir, 'extractor-e');
    writer.setAll(keys, vectors);
    writer.set(FeatureCache.keyOf(Float32Array.of(9)), Float32Array.of(7, 8));
    expect(packFiles(writer)).toHaveLength(2);
    const reader = new FeatureCache(dir, 'extractor-e');
    expect(keys.map((key) => Array.from(reader.get(key, 2)!))).toEqual(vectors.map((v) => Array.from(v)));
    expect(reader.size).toBe(4);
    expect([reader.has(keys[2]!), reader.has(FeatureCache.keyOf(Float32Array.of(8)))]).toEqual([true, false]);
    // Storing a key again adds a pack but not an entry; another extractor's entries add up under the same root.
    reader.setAll([keys[0]!], [Float32Array.of(1, 2)]);
    new FeatureCache(dir, 'extractor-f').setAll([keys[0]!], [Float32Array.of(6)]);
    expect(new FeatureCache(dir, 'extractor-e').size).toBe(4);
    expect(packFiles(reader)).toHaveLength(3);
    expect(FeatureCache.storedUnder(dir)).toBe(5);
  });

  it('skips a pack of another version, a foreign file and an interrupted write, and refuses a key that is not a sha256', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-cache-bad-'));
    const key = FeatureCache.keyOf(Float32Array.of(1));
    const writer = new FeatureCache(dir, 'extractor-g');
    writer.set(key, Float32Array.of(4));
    const [pack] = packFiles(writer);
    const folder = path.dirname(pack!);
    const otherVersion = Buffer.from(fs.readFileSync(pack!));
    otherVersion.writeUInt32LE(2, 4);
    fs.writeFileSync(pack!, otherVersion);
    fs.writeFileSync(path.join(folder, 'notes.pack'), 'not a pack');
    fs.writeFileSync(path.join(folder, `.${path.basename(pack!)}.123.1.tmp`), fs.readFileSync(pack!));
    const reader = new FeatureCache(dir, 'extractor-g');
    expect(reader.get(key)).toBeUndefined();
    expect(reader.size).toBe(0);
    expect(reader.has(key)).toBe(false);
    expect(() => reader.set('not-a-key', Float32Array.of(1))).toThrow(/not a sha256 hex digest/);
    expect(() => reader.setAll([key, key], [Float32Array.of(1), Float32Array.of(1, 2)])).toThrow(/share a non-zero length/);
  });
});

/** The pack files in `cache`'s folder. */
function packFiles(cache: FeatureCache): string[] {
  return fs.readdirSync(cache.folder).filter((name) => name.endsWith('.pack')).map((name) => path.join(cache.folder, name));
}
