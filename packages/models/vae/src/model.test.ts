import * as tf from '@tensorflow/tfjs';
import { VaeConfig, vae, VariationalAutoencoder } from './index';
import { defaultConfig, GeneratedData, generatedData, naiveAuroc, removeGenerated, trainAndScoreWithoutLeaks } from '@anomaly-zoo/testing';

// A smaller network and blur than the defaults, for 32² images.
const base = defaultConfig<VaeConfig>(vae, { channels: [16, 32], latent: 16, map_sigma: 1, ssim_window: 7 });

let data: GeneratedData;
beforeAll(async () => {
  data = await generatedData({ size: 32 });
});
afterAll(() => removeGenerated(data));

function create(config: VaeConfig): VariationalAutoencoder {
  return vae.create(config, { preprocessing: data.preprocessing, seed: 5, log: () => undefined }) as VariationalAutoencoder;
}

async function firstBatch(): Promise<tf.Tensor4D> {
  for await (const batch of data.test.batches({ batchSize: 6 })) return batch.x;
  throw new Error('empty test set');
}

describe('vae', () => {
  it('separates generated defects from good images, reports every score part, and keeps the tensor count flat over 20 epochs', async () => {
    const model = create(base);
    const scored = await trainAndScoreWithoutLeaks(model, data, 20, 0.003);
    expect(Object.keys(scored.parts).sort()).toEqual(['kl', 'neg_elbo', 'reconstruction']);
    expect(scored.parts.reconstruction).toEqual(scored.scores);
    scored.parts.kl!.forEach((kl) => expect(kl).toBeGreaterThanOrEqual(0));
    expect(naiveAuroc(scored.scores, data.labels)).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });

  it('scores −ELBO as ½‖x − x̂‖² + KL and the KL alone when asked; scoring is deterministic', async () => {
    const x = await firstBatch();
    const elbo = create({ ...base, score: 'elbo' });
    const result = await elbo.score(x, { reconstructions: true });
    const xs = x.arraySync().map((image) => image.flat(2));
    result.reconstructions!.forEach((reconstruction, i) => {
      const squared = xs[i]!.reduce((sum, v, j) => sum + (v - (reconstruction[j] as number)) ** 2, 0);
      expect(result.scores[i]).toBeCloseTo(0.5 * squared + (result.parts!.kl![i] as number), 3);
    });
    expect(Array.from((await elbo.score(x)).scores)).toEqual(Array.from(result.scores));
    elbo.dispose();
    const kl = create({ ...base, score: 'kl' });
    expect(Array.from((await kl.score(x)).scores)).toEqual(Array.from(result.parts!.kl!));
    kl.dispose();
    x.dispose();
  });

  it('weights the KL term by β: loss(β) − loss(0) = β·mean KL / pixels for the same weights and noise', async () => {
    const x = await firstBatch();
    const plain = create({ ...base, beta: 0 });
    const weighted = create({ ...base, beta: 3 });
    const kl = (await plain.score(x)).parts!.kl!;
    const meanKl = kl.reduce((a, b) => a + b, 0) / kl.length;
    const difference = (weighted.loss(x).dataSync()[0] as number) - (plain.loss(x).dataSync()[0] as number);
    expect(difference).toBeCloseTo((3 * meanKl) / (32 * 32 * 3), 6);
    tf.dispose([x]);
    plain.dispose();
    weighted.dispose();
  });
});
