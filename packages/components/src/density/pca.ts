import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';
import { expectMatrix, notFitted } from './checks';
import { centreColumns, crossProduct, gramMatrix } from './cross-product';
import { decodeTensor, encodeTensor, expectFiniteNumber, expectKind, expectObject, type EncodedFloat32 } from './serialization';
import { makeLargestEntryPositive, symmetricEigen } from './symmetric-eigen';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { centredProduct } from '../graph/density-graph';

/**
 * How the decomposition is computed. 'covariance': eigen-decomposition of the D×D covariance.
 * 'gram': eigen-decomposition of the N×N Gram matrix of the centred data, mapped back to feature
 * space (the SVD route; cheaper when N < D). 'auto' picks the smaller of the two problems.
 */
export type PcaSolver = 'auto' | 'covariance' | 'gram';

export type PcaOptions =
  | { components: number; solver?: PcaSolver }
  | { varianceFraction: number; solver?: PcaSolver };

const PCA_SETTING = 'an integer >= 1 (components) or a fraction in (0, 1) (explained variance)';

/**
 * A model's `pca_components` setting as PCA options: an integer ≥ 1 keeps that many components, a fraction in
 * (0, 1) that share of the variance. `allowed` names what the setting accepts, for the error.
 */
export function pcaOptions(value: number, allowed = PCA_SETTING): PcaOptions {
  if (value > 0 && value < 1) return { varianceFraction: value };
  if (Number.isInteger(value) && value >= 1) return { components: value };
  throw new UserError(`model.pca_components: must be ${allowed}, got ${value}`);
}

/** The same, for models where 0 turns PCA off (returns undefined). */
export function optionalPcaOptions(value: number): PcaOptions | undefined {
  return value === 0 ? undefined : pcaOptions(value, `0 (no PCA), ${PCA_SETTING}`);
}

export interface PcaJSON {
  kind: 'Pca';
  version: 1;
  options: PcaOptions;
  samplesSeen: number;
  /** [D] */
  mean: EncodedFloat32;
  /** [k, D], one principal axis per row. */
  components: EncodedFloat32;
  explainedVariance: number[];
  explainedVarianceRatio: number[];
}

interface PcaState {
  mean: tf.Tensor1D;
  components: tf.Tensor2D;
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  samplesSeen: number;
}

/** Relative size under which a Gram-route axis is treated as lying in the data's null space. */
const DEGENERATE_AXIS_TOLERANCE = 1e-8;

/**
 * Principal component analysis. fit() centres the data and keeps the k axes of largest variance
 * (unbiased, divided by N − 1). k is `components`, or the smallest k whose cumulative explained
 * variance ratio reaches `varianceFraction`; either way it is capped at min(N − 1, D), the most
 * axes centred data of N rows can span.
 */
export class Pca {
  readonly options: PcaOptions;
  private state?: PcaState;

  constructor(options: PcaOptions) {
    this.options = validateOptions(options);
  }

  fit(x: tf.Tensor2D): this {
    expectMatrix(x, 'Pca.fit');
    const [samples, features] = x.shape;
    if (samples < 2) throw new UserError(`Pca.fit: need at least 2 samples, got ${samples}`);
    const solver = this.options.solver ?? 'auto';
    const useGram = solver === 'gram' || (solver === 'auto' && samples < features);
    const { mean, centred } = centreColumns(x.dataSync(), samples, features);
    const { axes, variances, ratios } = useGram
      ? decomposeByGram(centred, samples, features, this.options)
      : decomposeByCovariance(centred, samples, features, this.options);
    this.dispose();
    this.state = {
      mean: tf.tensor1d(Float32Array.from(mean)),
      components: tf.tensor2d(Float32Array.from(axes), [variances.length, features]),
      explainedVariance: variances,
      explainedVarianceRatio: ratios,
      samplesSeen: samples,
    };
    return this;
  }

  /** (x − mean)·componentsᵀ → [N, k]. */
  transform(x: tf.Tensor2D): tf.Tensor2D {
    const state = this.fitted();
    expectMatrix(x, 'Pca.transform', this.nFeatures);
    return tf.tidy(() => tf.matMul(tf.sub(x, state.mean), state.components, false, true));
  }

  /** transform() written into a graph: rows x [m, D] → [m, k]. */
  exportGraph(g: GraphBuilder, x: string): string {
    const state = this.fitted();
    const [k, d] = state.components.shape;
    const componentsT = tf.tidy(() => tf.transpose(state.components).dataSync() as Float32Array);
    return centredProduct(g, x, state.mean.dataSync() as Float32Array, { data: componentsT, rows: d, cols: k }, 'pca_components');
  }

  /** z·components + mean → [N, D]; the projection of the original rows onto the kept subspace. */
  inverseTransform(z: tf.Tensor2D): tf.Tensor2D {
    const state = this.fitted();
    expectMatrix(z, 'Pca.inverseTransform', this.nComponents);
    return tf.tidy(() => tf.add(tf.matMul(z, state.components), state.mean));
  }

  /** The training mean [D]. Owned by this Pca: do not dispose it. */
  get mean(): tf.Tensor1D {
    return this.fitted().mean;
  }

  /** Principal axes [k, D], unit rows, largest variance first, each with its largest-|value| entry positive. Owned by this Pca. */
  get components(): tf.Tensor2D {
    return this.fitted().components;
  }

  /** Variance of the data along each kept axis (the covariance eigenvalues). */
  get explainedVariance(): number[] {
    return this.fitted().explainedVariance.slice();
  }

  /** Each kept axis's share of the total variance. */
  get explainedVarianceRatio(): number[] {
    return this.fitted().explainedVarianceRatio.slice();
  }

  get nComponents(): number {
    return this.fitted().components.shape[0];
  }

  get nFeatures(): number {
    return this.fitted().components.shape[1];
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  toJSON(): PcaJSON {
    const state = this.fitted();
    return {
      kind: 'Pca',
      version: 1,
      options: { ...this.options },
      samplesSeen: state.samplesSeen,
      mean: encodeTensor(state.mean),
      components: encodeTensor(state.components),
      explainedVariance: state.explainedVariance.slice(),
      explainedVarianceRatio: state.explainedVarianceRatio.slice(),
    };
  }

  static fromJSON(json: PcaJSON): Pca {
    expectKind(json, 'Pca', 1);
    const pca = new Pca(expectObject(json.options, 'Pca.options'));
    const components = decodeTensor(json.components, [null, null], 'Pca.components') as tf.Tensor2D;
    const [k, features] = components.shape;
    const mean = decodeTensor(json.mean, [features], 'Pca.mean') as tf.Tensor1D;
    const numbers = (values: unknown, what: string): number[] => {
      if (!Array.isArray(values) || values.length !== k) throw new UserError(`${what}: expected ${k} numbers`);
      return values.map((v, i) => expectFiniteNumber(v, `${what}[${i}]`));
    };
    try {
      pca.state = {
        mean,
        components,
        explainedVariance: numbers(json.explainedVariance, 'Pca.explainedVariance'),
        explainedVarianceRatio: numbers(json.explainedVarianceRatio, 'Pca.explainedVarianceRatio'),
        samplesSeen: expectFiniteNumber(json.samplesSeen, 'Pca.samplesSeen'),
      };
    } catch (error) {
      tf.dispose([mean, components]);
      throw error;
    }
    return pca;
  }

  dispose(): void {
    if (this.state) tf.dispose([this.state.mean, this.state.components]);
    this.state = undefined;
  }

  private fitted(): PcaState {
    if (!this.state) throw notFitted('Pca');
    return this.state;
  }
}

interface Decomposition {
  /** Row-major [k, D] unit axes. */
  axes: Float64Array;
  variances: number[];
  ratios: number[];
}

function decomposeByCovariance(centred: Float64Array, samples: number, features: number, options: PcaOptions): Decomposition {
  const covariance = crossProduct(centred, samples, features);
  for (let i = 0; i < covariance.length; i++) covariance[i] = (covariance[i] as number) / (samples - 1);
  const { values, vectors } = symmetricEigen(covariance, features);
  const selection = selectAxes(values, samples, features, options);
  return { axes: vectors.slice(0, selection.k * features), ...selection };
}

/**
 * Xc = U·S·Vᵀ: the Gram matrix Xc·Xcᵀ has eigenvectors U and eigenvalues S², and the principal axes
 * are the rows of Uᵀ·Xc scaled to unit length. Those rows are orthogonal in exact arithmetic; they
 * are re-orthonormalised to remove rounding (and to complete axes beyond the data's rank).
 */
function decomposeByGram(centred: Float64Array, samples: number, features: number, options: PcaOptions): Decomposition {
  const { values, vectors } = symmetricEigen(gramMatrix(centred, samples, features), samples);
  const variances = values.map((v) => v / (samples - 1));
  const selection = selectAxes(variances, samples, features, options);
  const axes = new Float64Array(selection.k * features);
  for (let i = 0; i < selection.k; i++) {
    const axis = axes.subarray(i * features, (i + 1) * features);
    for (let s = 0; s < samples; s++) {
      const weight = vectors[i * samples + s] as number;
      const row = s * features;
      for (let j = 0; j < features; j++) axis[j] = (axis[j] as number) + weight * (centred[row + j] as number);
    }
  }
  orthonormaliseRows(axes, selection.k, features);
  for (let i = 0; i < selection.k; i++) makeLargestEntryPositive(axes.subarray(i * features, (i + 1) * features));
  return { axes, ...selection };
}

function selectAxes(
  variancesDescending: Float64Array,
  samples: number,
  features: number,
  options: PcaOptions,
): { k: number; variances: number[]; ratios: number[] } {
  const maxComponents = Math.min(samples - 1, features);
  const variances = Array.from(variancesDescending.subarray(0, maxComponents), (v) => Math.max(v, 0));
  const total = variancesDescending.reduce((sum, v) => sum + Math.max(v, 0), 0);
  const ratios = variances.map((v) => (total > 0 ? v / total : 0));
  let k: number;
  if ('components' in options) {
    k = Math.min(options.components, maxComponents);
  } else {
    k = maxComponents;
    let cumulative = 0;
    for (let i = 0; i < maxComponents; i++) {
      cumulative += ratios[i] as number;
      // The tolerance lets varianceFraction = 1 select the full rank despite rounding.
      if (cumulative >= options.varianceFraction - 1e-9) {
        k = i + 1;
        break;
      }
    }
  }
  return { k, variances: variances.slice(0, k), ratios: ratios.slice(0, k) };
}

/**
 * Modified Gram-Schmidt, twice, on the rows of a [k, d] matrix. A row with (relatively) nothing
 * left after removing the earlier rows spans no data direction; it is replaced by the first
 * coordinate axis independent of the earlier rows, so the result is always orthonormal.
 */
function orthonormaliseRows(rows: Float64Array, k: number, d: number): void {
  let nextCoordinate = 0;
  for (let i = 0; i < k; i++) {
    const row = rows.subarray(i * d, (i + 1) * d);
    const originalNorm = norm(row);
    for (let pass = 0; pass < 2; pass++) removeEarlierRows(rows, row, i, d);
    let remaining = norm(row);
    if (!(remaining > DEGENERATE_AXIS_TOLERANCE * originalNorm)) {
      // Some unused coordinate axis keeps at least 1/√d of its length outside the earlier rows.
      do {
        row.fill(0);
        row[nextCoordinate++] = 1;
        for (let pass = 0; pass < 2; pass++) removeEarlierRows(rows, row, i, d);
        remaining = norm(row);
      } while (remaining < 0.5 / Math.sqrt(d) && nextCoordinate < d);
    }
    for (let j = 0; j < d; j++) row[j] = (row[j] as number) / remaining;
  }
}

function removeEarlierRows(rows: Float64Array, row: Float64Array, count: number, d: number): void {
  for (let p = 0; p < count; p++) {
    const earlier = rows.subarray(p * d, (p + 1) * d);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += (earlier[j] as number) * (row[j] as number);
    for (let j = 0; j < d; j++) row[j] = (row[j] as number) - dot * (earlier[j] as number);
  }
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) * (v[i] as number);
  return Math.sqrt(sum);
}

function validateOptions(options: PcaOptions): PcaOptions {
  const hasComponents = 'components' in options && options.components !== undefined;
  const hasFraction = 'varianceFraction' in options && options.varianceFraction !== undefined;
  if (hasComponents === hasFraction) throw new UserError('Pca: give exactly one of components or varianceFraction');
  const solver = options.solver ?? 'auto';
  if (!['auto', 'covariance', 'gram'].includes(solver)) throw new UserError(`Pca: unknown solver '${solver}'`);
  if ('components' in options) {
    if (!(Number.isInteger(options.components) && options.components >= 1)) {
      throw new UserError(`Pca: components must be an integer >= 1, got ${options.components}`);
    }
    return { components: options.components, solver };
  }
  if (!(options.varianceFraction > 0 && options.varianceFraction <= 1)) {
    throw new UserError(`Pca: varianceFraction must be in (0, 1], got ${options.varianceFraction}`);
  }
  return { varianceFraction: options.varianceFraction, solver };
}
