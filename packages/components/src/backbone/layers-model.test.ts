import * as tf from '@tensorflow/tfjs';
import { FeatureExtractor } from './feature-extractor';
import { describeWithModel, maxAbsDiff, randomImages } from './test-utils/models';

describeWithModel('mobilenet_v1_0.25_224', 'FeatureExtractor on a local LayersModel (MobileNet V1 0.25)', (dir) => {
  let embedding: FeatureExtractor;
  let twoLayers: FeatureExtractor;
  let maps: FeatureExtractor;

  beforeAll(async () => {
    embedding = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['global_average_pooling2d_1'] });
    twoLayers = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['global_average_pooling2d_1', 'conv_pw_11_relu'] });
    maps = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'] });
  });

  afterAll(() => {
    [embedding, twoLayers, maps].forEach((e) => e?.dispose());
  });

  it('gives a [N,256] embedding, the same on every call, for images of any size', () => {
    const x = randomImages(3, 100, 140);
    const a = embedding.pooled(x);
    const b = embedding.pooled(x);
    expect(a.shape).toEqual([3, 256]);
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(a.dataSync().every(Number.isFinite)).toBe(true);
    expect(embedding.inputSize).toBe(224);
    expect(embedding.inputRange).toEqual([-1, 1]);
    tf.dispose([x, a, b]);
  });

  it('concatenates layers along the feature axis, each the mean of its map', () => {
    const x = randomImages(2, 224, 224, 7);
    const pooled = twoLayers.pooled(x);
    const gap = embedding.pooled(x);
    const spatial = maps.spatial(x);
    const map = spatial[1]!;
    expect(map.shape).toEqual([2, 14, 14, 128]);
    expect(pooled.shape).toEqual([2, 256 + 128]);
    const [first, second] = tf.split(pooled, [256, 128], 1) as [tf.Tensor2D, tf.Tensor2D];
    const means = tf.mean(map, [1, 2]);
    expect(maxAbsDiff(first, gap)).toBe(0);
    expect(maxAbsDiff(second, means)).toBeLessThan(1e-5);
    // rows stay images: the second image's features are not the first's
    expect(tf.tidy(() => maxAbsDiff(tf.slice(pooled, [0, 0], [1, -1]), tf.slice(pooled, [1, 0], [1, -1])))).toBeGreaterThan(0);
    tf.dispose([x, pooled, gap, ...spatial, first, second, means]);
  });

  it('returns each spatial map as is, batch after batch', async () => {
    const small = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'] }, { batchSize: 2 });
    const x = randomImages(3, 64, 64, 11);
    const whole = maps.spatial(x);
    const batched = small.spatial(x);
    expect(whole.map((t) => t.shape)).toEqual([[3, 28, 28, 64], [3, 14, 14, 128]]);
    expect(batched.map((t) => t.shape)).toEqual(whole.map((t) => t.shape));
    whole.forEach((t, i) => expect(maxAbsDiff(t, batched[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, ...whole, ...batched]);
    small.dispose();
  });

  it('runs the fused chain at an input size other than the Keras input shape (fully convolutional)', async () => {
    const large = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'], inputSize: 448 });
    expect(large.inputSize).toBe(448);
    const x = randomImages(1, 64, 64, 12);
    const out = large.spatial(x);
    expect(out.map((t) => t.shape)).toEqual([[1, 56, 56, 64], [1, 28, 28, 128]]);
    tf.dispose([x, ...out]);
    large.dispose();
  });

  it('has an id that names the weights, layers, size and range', () => {
    const id = JSON.parse(embedding.id);
    expect(id).toMatchObject({
      source: 'local',
      location: dir,
      modelJsonSha256: '47417a9a7318ac0de893ed738ae84c6c26c294a415f06c421ff1c6af45df84f1',
      layers: ['global_average_pooling2d_1'],
      inputSize: 224,
      inputRange: [-1, 1],
    });
    expect(twoLayers.id).not.toBe(embedding.id);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const extractor = await FeatureExtractor.load({ source: 'local', path: dir, layers: ['conv_pw_13_relu'] });
    const x = randomImages(1, 50);
    const out = [extractor.pooled(x), ...extractor.spatial(x)];
    tf.dispose([x, ...out]);
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
