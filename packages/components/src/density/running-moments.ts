import * as tf from '@tensorflow/tfjs';

/**
 * Per-position mean and unbiased covariance of feature vectors, fed one batch at a time ([positions, n, d]
 * per batch), so the features of the whole training set are never held at once. The sums are kept in float64
 * and taken around a shift K (the first batch's per-position mean): Σ(x−K) and Σ(x−K)(x−K)ᵀ. Shifting removes
 * the cancellation of the naive Σxxᵀ − n·μμᵀ when |μ| is large against the spread. Batches are buffered up to
 * `flushSamples` samples, because one batched matMul over many samples is much faster than several small ones.
 */
export class RunningMoments {
  private shift?: Float32Array;
  private readonly sum: Float64Array;
  private readonly sumOfProducts: Float64Array;
  private count = 0;
  private pending: tf.Tensor3D[] = [];
  private pendingSamples = 0;

  constructor(readonly positions: number, readonly dims: number, private readonly flushSamples = 64) {
    this.sum = new Float64Array(positions * dims);
    this.sumOfProducts = new Float64Array(positions * dims * dims);
  }

  get samples(): number {
    return this.count;
  }

  /** x: [positions, n, d]; the caller keeps ownership. */
  add(x: tf.Tensor3D): void {
    const [positions, n, dims] = x.shape;
    if (positions !== this.positions || dims !== this.dims) {
      throw new Error(`RunningMoments.add: expected [${this.positions}, n, ${this.dims}], got [${x.shape}]`);
    }
    if (!this.shift) {
      const mean = tf.mean(x, 1);
      this.shift = mean.dataSync() as Float32Array;
      mean.dispose();
    }
    this.pending.push(tf.clone(x));
    this.pendingSamples += n;
    this.count += n;
    if (this.pendingSamples >= this.flushSamples) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0 || !this.shift) return;
    const shift = tf.tensor3d(this.shift, [this.positions, 1, this.dims]);
    const [sum, products] = tf.tidy(() => {
      const joined = this.pending.length === 1 ? (this.pending[0] as tf.Tensor3D) : tf.concat(this.pending, 1);
      const centred = tf.sub(joined, shift);
      return [tf.sum(centred, 1), tf.matMul(centred, centred, true, false)];
    });
    shift.dispose();
    this.pending.forEach((t) => t.dispose());
    this.pending = [];
    this.pendingSamples = 0;
    accumulate(this.sum, sum.dataSync());
    accumulate(this.sumOfProducts, products.dataSync());
    sum.dispose();
    products.dispose();
  }

  /** Releases buffered batches (after an error; finish() leaves none). */
  dispose(): void {
    this.pending.forEach((t) => t.dispose());
    this.pending = [];
    this.pendingSamples = 0;
  }

  /** Means [positions, d] and covariances (+ ridge·I) [positions, d, d], float32 tensors owned by the caller. */
  finish(ridge = 0): { mean: tf.Tensor2D; covariance: tf.Tensor3D } {
    this.flush();
    const n = this.count;
    if (n < 2 || !this.shift) throw new Error(`RunningMoments.finish: need at least 2 samples, got ${n}`);
    const { positions, dims } = this;
    const mean = new Float32Array(positions * dims);
    const offset = new Float64Array(positions * dims);
    for (let i = 0; i < mean.length; i++) {
      offset[i] = (this.sum[i] as number) / n;
      mean[i] = (this.shift[i] as number) + (offset[i] as number);
    }
    // Element-wise over the flat stack: C = (Σ(x−K)(x−K)ᵀ − n·δδᵀ) / (n − 1) with δ = mean − K.
    const covariance = new Float32Array(positions * dims * dims);
    for (let p = 0; p < positions; p++) {
      const base = p * dims * dims;
      const row = p * dims;
      for (let i = 0; i < dims; i++) {
        const di = offset[row + i] as number;
        for (let j = 0; j < dims; j++) {
          const k = base + i * dims + j;
          const value = ((this.sumOfProducts[k] as number) - n * di * (offset[row + j] as number)) / (n - 1);
          covariance[k] = i === j ? value + ridge : value;
        }
      }
    }
    return { mean: tf.tensor2d(mean, [positions, dims]), covariance: tf.tensor3d(covariance, [positions, dims, dims]) };
  }
}

function accumulate(target: Float64Array, values: ArrayLike<number>): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) + (values[i] as number);
}
