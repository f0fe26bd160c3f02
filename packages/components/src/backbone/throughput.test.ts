import * as tf from '@tensorflow/tfjs';
import { FeatureExtractor } from './feature-extractor';
import { pretrainedModel, randomImages } from './test-utils/models';

// A measurement, not a check: it prints img/s and asserts nothing about speed. Slow on the cpu backend
// (tens of seconds), so it runs only with ANOMALY_ZOO_BENCH=1.
const BATCH = 16;
const dir = process.env.ANOMALY_ZOO_BENCH ? pretrainedModel('mobilenet_v1_0.75_224') : undefined;
if (!process.env.ANOMALY_ZOO_BENCH) console.log('skipping backbone throughput: set ANOMALY_ZOO_BENCH=1 to measure it');

(dir ? describe : describe.skip)('backbone throughput (MobileNet V1 0.75, 224², batch 16)', () => {
  it('measures pooled() img/s on the current backend', async () => {
    const extractor = await FeatureExtractor.load({ source: 'local', path: dir as string, layers: ['global_average_pooling2d_1'] });
    const x = randomImages(BATCH, 224);
    tf.dispose(extractor.pooled(tf.slice(x, 0, 2))); // warm-up
    const rounds = Number(process.env.ANOMALY_ZOO_BENCH_ROUNDS ?? 2);
    const start = performance.now();
    for (let r = 0; r < rounds; r++) {
      const features = extractor.pooled(x);
      await features.data();
      features.dispose();
    }
    const seconds = (performance.now() - start) / 1000;
    const rate = (rounds * BATCH) / seconds;
    console.log(`backbone throughput: ${tf.getBackend()} backend, ${rate.toFixed(2)} img/s (${((1000 * seconds) / (rounds * BATCH)).toFixed(0)} ms/img, ${rounds}×${BATCH} images)`);
    expect(rate).toBeGreaterThan(0);
    x.dispose();
    extractor.dispose();
  }, 600_000);
});
