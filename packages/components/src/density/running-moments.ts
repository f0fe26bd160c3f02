import * as tf from '@tensorflow/tfjs';

/**
 * Per-position mean and unbiased covariance of feature vectors, fed one batch at a time, so the features of the
 * whole training set are never held at once. Each batch comes as its own moments: its sample count m, mean μ_b and
 * scatter S_b = Σ(x − μ_b)(x − μ_b)ᵀ, centred on its own mean, so there is no cancellation of Σxxᵀ − n·μμᵀ when
 * |μ| is large against the spread. They join the n samples seen so far (μ, S) in float64 (Chan, Golub & LeVeque):
 *
 *   δ = μ_b − μ,   μ ← μ + δ·m/(n + m),   S ← S + S_b + δδᵀ·n·m/(n + m),   covariance = S/(n − 1).
 *
 * The batch moments come from add() (tfjs; batches are buffered up to `flushSamples` samples, because one batched
 * matMul over many samples is much faster than several small ones) or from the caller (addMoments, e.g. computed
 * natively by batchMomentsGraph).
 */
export class RunningMoments {
  private readonly mean: Float64Array;
  private readonly scatter: Float64Array;
  private count = 0;
  private pending: tf.Tensor3D[] = [];
  private pendingSamples = 0;

  constructor(readonly positions: number, readonly dims: number, private readonly flushSamples = 64) {
    this.mean = new Float64Array(positions * dims);
    this.scatter = new Float64Array(positions * dims * dims);
  }

  /** Samples added so far (buffered ones included). */
  get samples(): number {
    return this.count + this.pendingSamples;
  }

  /** x: [positions, n, d]; the caller keeps ownership. */
  add(x: tf.Tensor3D): void {
    const [positions, n, dims] = x.shape;
    if (positions !== this.positions || dims !== this.dims) {
      throw new Error(`RunningMoments.add: expected [${this.positions}, n, ${this.dims}], got [${x.shape}]`);
    }
    this.pending.push(tf.clone(x));
    this.pendingSamples += n;
    if (this.pendingSamples >= this.flushSamples) this.flush();
  }

  /**
   * The moments of a batch of `count` samples: `mean` [positions, d] and `scatter` [positions, d, d], its sum of
   * outer products of deviations from its own mean (row-major; only its lower triangle is read).
   */
  addMoments(count: number, mean: ArrayLike<number>, scatter: ArrayLike<number>): void {
    const { positions, dims } = this;
    if (mean.length !== positions * dims || scatter.length !== positions * dims * dims) {
      throw new Error(`RunningMoments.addMoments: expected ${positions * dims} means and ${positions * dims * dims} scatter entries, got ${mean.length} and ${scatter.length}`);
    }
    if (count < 1) return;
    const before = this.count;
    const total = before + count;
    const delta = new Float64Array(dims);
    const weight = (before * count) / total;
    for (let p = 0; p < positions; p++) {
      const row = p * dims;
      for (let i = 0; i < dims; i++) {
        delta[i] = (mean[row + i] as number) - (this.mean[row + i] as number);
        this.mean[row + i] = (this.mean[row + i] as number) + ((delta[i] as number) * count) / total;
      }
      const base = p * dims * dims;
      // The lower triangle only (j ≤ i); finish() mirrors it, so the covariance is exactly symmetric.
      for (let i = 0; i < dims; i++) {
        const di = (delta[i] as number) * weight;
        for (let j = 0; j <= i; j++) {
          const k = base + i * dims + j;
          this.scatter[k] = (this.scatter[k] as number) + (scatter[k] as number) + di * (delta[j] as number);
        }
      }
    }
    this.count = total;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const [mean, scatter] = tf.tidy(() => {
      const joined = this.pending.length === 1 ? (this.pending[0] as tf.Tensor3D) : tf.concat(this.pending, 1);
      const batchMean = tf.mean(joined, 1, true);
      const centred = tf.sub(joined, batchMean);
      return [batchMean, tf.matMul(centred, centred, true, false)];
    });
    const count = this.pendingSamples;
    this.dispose();
    this.addMoments(count, mean.dataSync(), scatter.dataSync());
    tf.dispose([mean, scatter]);
  }

  /** Releases buffered batches (after an error; finish() leaves none). */
  dispose(): void {
    this.pending.forEach((t) => t.dispose());
    this.pending = [];
    this.pendingSamples = 0;
  }

  /** Means [positions, d] and covariances (+ ridge·I) [positions, d, d], row-major float64. */
  finish(ridge = 0): { mean: Float64Array; covariance: Float64Array } {
    this.flush();
    const n = this.count;
    if (n < 2) throw new Error(`RunningMoments.finish: need at least 2 samples, got ${n}`);
    const { positions, dims } = this;
    const covariance = new Float64Array(this.scatter.length);
    for (let p = 0; p < positions; p++) {
      const base = p * dims * dims;
      for (let i = 0; i < dims; i++) {
        for (let j = 0; j <= i; j++) {
          const value = (this.scatter[base + i * dims + j] as number) / (n - 1) + (i === j ? ridge : 0);
          covariance[base + i * dims + j] = value;
          covariance[base + j * dims + i] = value;
        }
      }
    }
    return { mean: Float64Array.from(this.mean), covariance };
  }
}
