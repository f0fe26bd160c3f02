import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { backboneSpecFor, BackboneRef, HUB_EMBEDDING_NODES, pretrainedModelsDir } from '@anomaly-zoo/components';
// The components package's loopback server: stands in for tfhub.dev, so the hub fallback runs offline.
import { serveDirectory, ServedDirectory } from '@anomaly-zoo/testing';
import { DFKDM_FILE, DfkdmFile, DfkdmModel } from './model';
import { contextFor, testConfig } from './test-utils/fixtures';
import { directorySource } from '@anomaly-zoo/core';

const HUB_PATH = '/google/imagenet/mobilenet_v1_025_224/classification/1/';
const published = pretrainedModelsDir() && path.join(pretrainedModelsDir()!, 'mobilenet_v1_025_224_tfhub');
const hasHubCopy = published !== undefined && fs.existsSync(path.join(published, 'model.json'));
if (!hasHubCopy) console.log('skipping the DFKDM hub fallback test: mobilenet_v1_025_224_tfhub not found (set ANOMALY_ZOO_MODELS)');

describe('backbone specs from a config', () => {
  it('uses the local directory when it holds model.json, and names the key when it does not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-spec-'));
    fs.writeFileSync(path.join(dir, 'model.json'), '{}');
    const base = testConfig().backbone;
    expect(backboneSpecFor({ ...base, path: dir }, () => undefined)).toEqual({ source: 'local', path: dir, layers: base.layers, inputSize: 224 });
    expect(() => backboneSpecFor({ ...base, path: path.join(dir, 'nothing') }, () => undefined)).toThrow(/^model\.backbone\.path: no model\.json in .*nothing/);
  });

  it('falls back to the hub with the embedding layer renamed to the graph node', () => {
    const notes: string[] = [];
    const spec = backboneSpecFor({ ...testConfig().backbone, path: '/nonexistent/models', fallback_to_hub: true }, (m) => notes.push(m));
    expect(spec).toEqual({ source: 'hub', version: 1, alpha: 0.25, layers: [HUB_EMBEDDING_NODES[1]], inputSize: 224 });
    expect(notes[0]).toMatch(/no local model at \/nonexistent\/models; falling back to the TF Hub MobileNet V1 0.25/);
  });
});

(hasHubCopy ? describe : describe.skip)('DFKDM on the hub fallback (served from a local mirror)', () => {
  let server: ServedDirectory;
  const saved = { hub: process.env.ANOMALY_ZOO_HUB_URL, cache: process.env.ANOMALY_ZOO_CACHE };

  beforeAll(async () => {
    server = await serveDirectory(published!, HUB_PATH);
    process.env.ANOMALY_ZOO_HUB_URL = server.url;
    process.env.ANOMALY_ZOO_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-hub-'));
  });

  afterAll(async () => {
    await server?.close();
    for (const [key, value] of [['ANOMALY_ZOO_HUB_URL', saved.hub], ['ANOMALY_ZOO_CACHE', saved.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('fits with the downloaded graph, records it in the saved model, and scores identically after loading', async () => {
    const pre = { height: 48, width: 48, channels: 3 as const };
    const ctx = contextFor(pre);
    const config = testConfig({ backbone: { ...testConfig().backbone, path: '/nonexistent/models', fallback_to_hub: true }, pca_components: 4 });
    const train = {
      size: 6,
      preprocessing: pre,
      async *batches() {
        yield { x: tf.randomUniform([6, 48, 48, 3], 0, 1, 'float32', 2) as tf.Tensor4D, records: [] };
      },
    };
    const model = new DfkdmModel(config, ctx);
    await model.fit(train, ctx);
    const x = tf.randomUniform([3, 48, 48, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const before = (await model.score(x)).scores;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-dfkdm-hub-model-'));
    await model.save(dir);
    model.dispose();

    const file = JSON.parse(fs.readFileSync(path.join(dir, DFKDM_FILE), 'utf8')) as DfkdmFile;
    expect(file.backbone as BackboneRef).toMatchObject({ source: 'hub', location: expect.stringContaining('mobilenet_v1_025_224'), layers: [HUB_EMBEDDING_NODES[1]], inputRange: [0, 1] });
    await server.close(); // loading again must come from the download cache
    const loaded = await DfkdmModel.load(directorySource(dir), config, ctx);
    expect(Array.from((await loaded.score(x)).scores)).toEqual(Array.from(before));
    loaded.dispose();
    x.dispose();
  });
});
