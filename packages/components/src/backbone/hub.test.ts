import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { FeatureExtractor } from './feature-extractor';
import { HUB_EMBEDDING_NODES, hubModel, hubModelJsonUrl } from './hub';
import { serveDirectory, ServedDirectory } from '@anomaly-zoo/testing';
import { describeWithModel, maxAbsDiff, randomImages } from './test-utils/models';

const HUB_PATH = '/google/imagenet/mobilenet_v1_025_224/classification/1/';

describe('hub model names', () => {
  it("builds the URLs @tensorflow-models/mobilenet uses, or a mirror's", () => {
    const v1 = hubModel(1, 0.25);
    expect(v1.url).toBe('https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1');
    expect(v1.key).toBe('mobilenet_v1_025_224-classification-1');
    expect(hubModel(2, 1.0).url).toBe('https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/2');
    expect(hubModelJsonUrl(v1, 'https://tfhub.dev/')).toBe(`${v1.url}/model.json?tfjs-format=file`);
    expect(hubModelJsonUrl(v1, 'http://127.0.0.1:9/mirror')).toBe(`http://127.0.0.1:9/mirror${HUB_PATH}model.json?tfjs-format=file`);
    expect(hubModelJsonUrl(v1, 'http://127.0.0.1:9/x/model.json')).toBe('http://127.0.0.1:9/x/model.json');
  });

  it('rejects versions and widths that were never published', () => {
    expect(() => hubModel(2, 0.25)).toThrow(UserError);
    expect(() => hubModel(2, 0.25)).toThrow(/backbone.alpha.*0.5, 0.75, 1/);
    expect(() => hubModel(3 as 1, 1)).toThrow(/backbone.version/);
  });
});

describe('hub without network or cache', () => {
  it('fails with one line naming the URL, the cache dir, and the local alternative', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-hub-empty-'));
    const server = await serveDirectory(cacheDir); // answers 404 to everything, then goes away
    const deadUrl = server.url;
    await server.close();
    const attempt = FeatureExtractor.load(
      { source: 'hub', version: 1, alpha: 0.25, layers: [HUB_EMBEDDING_NODES[1]], cacheDir },
      { hubUrl: deadUrl, downloadTimeoutMs: 10_000 },
    );
    await expect(attempt).rejects.toThrow(UserError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).not.toContain('\n');
    expect(message).toContain(`${deadUrl}google/imagenet/mobilenet_v1_025_224/classification/1/model.json`);
    expect(message).toContain(path.join(cacheDir, 'mobilenet_v1_025_224-classification-1'));
    expect(message).toContain("source: 'local'");
    expect(message).toContain('../shared/models');
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describeWithModel('mobilenet_v1_025_224_tfhub', 'hub models through a local mirror, cached on disk', (published) => {
  let cacheDir: string;
  let server: ServedDirectory;

  beforeAll(async () => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-hub-cache-'));
    server = await serveDirectory(published, HUB_PATH);
  });

  afterAll(async () => {
    await server?.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('downloads once, keeps the model in cacheDir/<key>/, and loads it again with the server gone', async () => {
    const spec = { source: 'hub' as const, version: 1 as const, alpha: 0.25, layers: [HUB_EMBEDDING_NODES[1]], cacheDir };
    const notes: string[] = [];
    const first = await FeatureExtractor.load(spec, { hubUrl: server.url, log: (m) => notes.push(m) });
    expect(server.requests.map((r) => r.split('?')[0])).toEqual([`${HUB_PATH}model.json`, `${HUB_PATH}group1-shard1of1`]);
    expect(notes.join()).toContain('downloading');
    const cached = path.join(cacheDir, 'mobilenet_v1_025_224-classification-1');
    expect(fs.readdirSync(cached).sort()).toEqual(['model.json', 'weights.bin']);
    expect(fs.statSync(path.join(cached, 'weights.bin')).size).toBe(1_875_348);

    await server.close();
    const second = await FeatureExtractor.load(spec, { hubUrl: server.url });
    expect(second.id).toBe(first.id);
    expect(JSON.parse(second.id)).toMatchObject({ source: 'hub', location: 'https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1' });

    // The cached copy gives what the published files give.
    const local = await FeatureExtractor.load({ source: 'local', path: published, layers: [HUB_EMBEDDING_NODES[1]] });
    const x = randomImages(2, 224, 224, 21);
    const [a, b, c] = [first.pooled(x), second.pooled(x), local.pooled(x)];
    expect(a.shape).toEqual([2, 256]);
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeLessThan(1e-4);
    tf.dispose([x, a, b, c]);
    [first, second, local].forEach((e) => e.dispose());
  });

  it('serves other nodes from the same cached download through a GraphModel', async () => {
    const node = 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_11_pointwise/Relu6';
    const extractor = await FeatureExtractor.load({ source: 'hub', version: 1, alpha: 0.25, layers: [node], cacheDir });
    const x = randomImages(1, 224, 224, 2);
    const [map] = extractor.spatial(x) as [tf.Tensor4D];
    expect(map.shape).toEqual([1, 14, 14, 128]);
    tf.dispose([x, map]);
    extractor.dispose();
  });
});
