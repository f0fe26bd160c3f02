import * as path from 'path';
import { directorySource, ModelSource } from '@anomaly-zoo/core';
import { FeatureExtractor } from './feature-extractor';
import { checkSameBackbone } from './reference';
import { describeWithModel, maxAbsDiff, randomImages } from './test-utils/models';

// A page has no models directory: it reads a backbone through a ModelSource (a served folder) by the folder name
// the model was fitted with. That must be the same network as the one on disk, with the same identity.
describeWithModel('mobilenet_v1_0.25_224', 'a local backbone read through a ModelSource', (dir) => {
  it('is the network on disk: same id (but for its location), same features; a missing folder names its URL', async () => {
    const layers = ['conv_pw_5_relu', 'global_average_pooling2d_1'];
    const fromDisk = await FeatureExtractor.load({ source: 'local', path: dir, layers });
    // The fitting machine's path means nothing here: only the folder name is used.
    const fitted = { source: 'local' as const, path: '/machine/that/fitted/mobilenet_v1_0.25_224', layers };
    const fromSource = await FeatureExtractor.load(fitted, { models: directorySource(path.dirname(dir)) });
    expect(() => checkSameBackbone('m.json', fromSource.ref, fromDisk.ref)).not.toThrow();
    expect(JSON.parse(fromSource.id).location).toBe(dir);
    const x = randomImages(2, 64);
    const [a, b] = [fromDisk.pooled(x), fromSource.pooled(x)];
    expect(maxAbsDiff(a, b)).toBe(0);

    const empty: ModelSource = { location: 'https://host/models/', describe: (n) => `https://host/models/${n}`, read: async () => undefined, child: () => empty };
    await expect(FeatureExtractor.load(fitted, { models: empty })).rejects.toThrow('https://host/models/model.json: missing');
    [a, b, x].forEach((t) => t.dispose());
    fromDisk.dispose();
    fromSource.dispose();
  });
});
