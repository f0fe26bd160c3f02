import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import { directoryIO } from '@anomaly-zoo/core';
import { FeatureExtractor } from './feature-extractor';
import { HUB_EMBEDDING_NODES } from './hub';
import { describeWithModel, maxAbsDiff, pretrainedModel, randomImages } from './test-utils/models';

const SPATIAL_NODE = 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6';

describeWithModel('mobilenet_v1_025_224_tfhub', 'FeatureExtractor on a local GraphModel (TF Hub MobileNet V1 0.25)', (dir) => {
  let extractor: FeatureExtractor;
  let reference: mobilenet.MobileNet;

  beforeAll(async () => {
    extractor = await FeatureExtractor.load({ source: 'local', path: dir, layers: [HUB_EMBEDDING_NODES[1]] });
    reference = await mobilenet.load({ version: 1, alpha: 0.25, modelUrl: directoryIO(dir), inputRange: [0, 1] });
  });

  afterAll(() => {
    extractor?.dispose();
    (reference as unknown as { model: tf.GraphModel } | undefined)?.model.dispose();
  });

  it("gives the [N,256] embedding of @tensorflow-models/mobilenet's infer(img, true)", () => {
    const x = randomImages(2, 224, 224, 5);
    const ours = extractor.pooled(x);
    const theirs = tf.tidy(() => reference.infer(tf.mul(x, 255), true));
    expect(extractor.inputRange).toEqual([0, 1]);
    expect(ours.shape).toEqual([2, 256]);
    expect(theirs.shape).toEqual([2, 256]);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose([x, ours, theirs]);
  });

  it('pools a spatial node and returns its map', async () => {
    const both = await FeatureExtractor.load({ source: 'local', path: dir, layers: [SPATIAL_NODE, HUB_EMBEDDING_NODES[1]] });
    const x = randomImages(1, 120, 90, 9);
    const [map, point] = both.spatial(x) as [tf.Tensor4D, tf.Tensor4D];
    const pooled = both.pooled(x);
    expect(map.shape).toEqual([1, 7, 7, 256]);
    expect(point.shape).toEqual([1, 1, 1, 256]);
    expect(pooled.shape).toEqual([1, 512]);
    // global_pool is the mean of the last pointwise map
    const mean = tf.mean(map, [1, 2]);
    const first = tf.slice(pooled, [0, 0], [1, 256]);
    const second = tf.slice(pooled, [0, 256], [1, 256]);
    expect(maxAbsDiff(first, mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(second, mean)).toBeLessThan(1e-5);
    tf.dispose([x, map, point, pooled, mean, first, second]);
    both.dispose();
  });

  const layersDir = pretrainedModel('mobilenet_v1_0.25_224');
  (layersDir ? it : it.skip)('agrees in shape with the LayersModel of the same width, and both are finite', async () => {
    const keras = await FeatureExtractor.load({ source: 'local', path: layersDir as string, layers: ['global_average_pooling2d_1'] });
    const x = randomImages(2, 160, 160, 13);
    const a = extractor.pooled(x);
    const b = keras.pooled(x);
    expect(a.shape).toEqual(b.shape);
    expect(a.dataSync().every(Number.isFinite) && b.dataSync().every(Number.isFinite)).toBe(true);
    // post-ReLU6 averages: non-negative and at most 6
    expect(Math.min(...a.dataSync(), ...b.dataSync())).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.dataSync(), ...b.dataSync())).toBeLessThanOrEqual(6);
    tf.dispose([x, a, b]);
    keras.dispose();
  });
});
