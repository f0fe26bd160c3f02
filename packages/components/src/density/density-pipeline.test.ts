import * as tf from '@tensorflow/tfjs';
import { DensityPipeline, DensityPipelineOptions } from './density-pipeline';
import { FeatureScaler } from './feature-scaler';
import { GaussianKde } from './gaussian-kde';
import { GaussianScorer } from './gaussian-scorer';
import { Pca } from './pca';

const OPTIONS: DensityPipelineOptions = {
  pca_components: 3, scaling: 'max_norm', density: 'kde', bandwidth: 'scott', shrinkage: 'none', ridge: 0, max_training_points: 40000,
};

function data(): { train: tf.Tensor2D; queries: tf.Tensor2D } {
  return { train: tf.randomNormal([40, 6], 0, 1, 'float32', 11) as tf.Tensor2D, queries: tf.randomNormal([9, 6], 0, 2, 'float32', 12) as tf.Tensor2D };
}

function values(t: tf.Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

describe('DensityPipeline', () => {
  it('is PCA → scaling → KDE, step for step, and round-trips through JSON bit-exactly', () => {
    const { train, queries } = data();
    const pipeline = DensityPipeline.fit(train, OPTIONS, 5);
    const pca = new Pca({ components: 3 }).fit(train);
    const projected = pca.transform(train);
    const scaler = new FeatureScaler('max_norm').fit(projected);
    const scaled = scaler.transform(projected);
    const kde = new GaussianKde({ bandwidth: 'scott', seed: 5 }).fit(scaled);
    const byHand = values(tf.tidy(() => kde.score(scaler.transform(pca.transform(queries)))));
    expect(values(pipeline.score(queries))).toEqual(byHand);
    expect(pipeline.dimensions).toBe(3);

    const restored = DensityPipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
    expect(values(restored.score(queries))).toEqual(byHand);
    expect(restored.toJSON()).toEqual(pipeline.toJSON());
    [pipeline, restored, pca, scaler, kde].forEach((part) => part.dispose());
    tf.dispose([train, queries, projected, scaled]);
  });

  it('without PCA and scaling it is the density alone; shrinkage reaches the Gaussian', () => {
    const { train, queries } = data();
    const pipeline = DensityPipeline.fit(train, { ...OPTIONS, pca_components: 0, scaling: 'none', density: 'gaussian', shrinkage: 0.25 }, 0);
    const scorer = new GaussianScorer({ shrinkage: 0.25 }).fit(train);
    expect(values(pipeline.score(queries))).toEqual(values(scorer.score(queries)));
    expect(pipeline.toJSON()).toMatchObject({ pca: null, scaler: null, density: { kind: 'GaussianScorer' } });
    expect(pipeline.shrinkageIntensity).toBe(0.25);
    pipeline.dispose();
    scorer.dispose();
    tf.dispose([train, queries]);
  });

  it("'standard' scaling shifts an unshrunk Gaussian's score by −Σ log sⱼ only, while it changes what shrinkage does", () => {
    const { train: raw, queries: rawQueries } = data();
    // Features of very different spread, so that the standardisation matters for the shrinkage.
    const spread = tf.tensor1d([1, 10, 0.1, 3, 0.5, 30]);
    const [train, queries] = [tf.mul(raw, spread) as tf.Tensor2D, tf.mul(rawQueries, spread) as tf.Tensor2D];
    const scoresWith = (scaling: 'none' | 'standard', shrinkage: number) => {
      const pipeline = DensityPipeline.fit(train, { ...OPTIONS, pca_components: 0, scaling, density: 'gaussian', shrinkage }, 0);
      const scores = values(pipeline.score(queries));
      pipeline.dispose();
      return scores;
    };
    // z = (x − m)/s gives p_z(z) = p_x(x)·Πsⱼ, so −log p_z = −log p_x − Σ log sⱼ for every query.
    const scale = Array.from(tf.tidy(() => tf.sqrt(tf.mul(tf.moments(train, 0).variance, 40 / 39)).dataSync())); // n − 1 deviations
    const logScale = scale.reduce((sum, s) => sum + Math.log(s), 0);
    const [plain, standard] = [scoresWith('none', 0), scoresWith('standard', 0)];
    plain.forEach((score, i) => expect(standard[i]).toBeCloseTo(score - logScale, 2));
    // With shrinkage towards (tr Σ/d)·I the two are different models, not a shift of each other.
    const [plainShrunk, standardShrunk] = [scoresWith('none', 0.25), scoresWith('standard', 0.25)];
    const shifts = plainShrunk.map((score, i) => score - (standardShrunk[i] as number));
    expect(Math.max(...shifts) - Math.min(...shifts)).toBeGreaterThan(1);
    tf.dispose([raw, rawQueries, spread, train, queries]);
  });

  it("reads the heads saved before it existed: DFKDM's { pca, scaler, scorer } and latent-kde's { pca | null, density }", () => {
    const { train, queries } = data();
    const pipeline = DensityPipeline.fit(train, OPTIONS, 5);
    const json = pipeline.toJSON();
    const expected = values(pipeline.score(queries));
    const dfkdmV1 = DensityPipeline.fromJSON({ pca: json.pca!, scaler: json.scaler!, scorer: json.density });
    expect(values(dfkdmV1.score(queries))).toEqual(expected);

    const latent = DensityPipeline.fit(train, { ...OPTIONS, scaling: 'none' }, 5);
    const latentJson = latent.toJSON();
    const latentV1 = DensityPipeline.fromJSON({ pca: latentJson.pca, density: latentJson.density });
    expect(values(latentV1.score(queries))).toEqual(values(latent.score(queries)));
    expect(() => DensityPipeline.fromJSON({ kind: 'DensityPipeline', version: 7 } as never)).toThrow(/version 7/);
    [pipeline, dfkdmV1, latent, latentV1].forEach((part) => part.dispose());
    tf.dispose([train, queries]);
  });

  it('leaks no tensors when a step fails', () => {
    const before = tf.memory().numTensors;
    const constant = tf.ones([5, 3]) as tf.Tensor2D;
    expect(() => DensityPipeline.fit(constant, { ...OPTIONS, pca_components: 0, scaling: 'none', density: 'gaussian' }, 0)).toThrow(/singular/);
    constant.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
