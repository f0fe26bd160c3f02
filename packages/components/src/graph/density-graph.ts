import type { GraphBuilder } from '@anomaly-zoo/core';
import { floats, op, reduce, scalar } from './graph-ops';

/** A [rows, cols] matrix as a plain array, the form graph constants take. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Rows x [m, d] → (x − μ)·M, [m, k]: the centring and projection of PCA and of whitening alike. */
export function centredProduct(g: GraphBuilder, x: string, mean: Float32Array, matrix: Matrix, hint: string): string {
  const centred = op(g, 'Sub', [x, floats(g, mean, [mean.length], `${hint}_mean`)]);
  return op(g, 'MatMul', [centred, floats(g, matrix.data, [matrix.rows, matrix.cols], hint)]);
}

/** Mᵀ as [cols, rows] row-major, and ‖row‖² of each row of M: what a matrix product against M's rows needs. */
export function columnsAndRowNorms(matrix: Matrix): { columns: Float32Array; squaredNorms: Float32Array } {
  const columns = new Float32Array(matrix.data.length);
  const squaredNorms = new Float32Array(matrix.rows);
  for (let r = 0; r < matrix.rows; r++) {
    let sum = 0;
    for (let c = 0; c < matrix.cols; c++) {
      const v = matrix.data[r * matrix.cols + c] as number;
      columns[c * matrix.rows + r] = v;
      sum += v * v;
    }
    squaredNorms[r] = sum;
  }
  return { columns, squaredNorms };
}

/** ‖row‖² of x [m, d] → [m]. */
export function squaredNorms(g: GraphBuilder, x: string): string {
  return reduce(g, 'Sum', op(g, 'Mul', [x, x]), [1], false);
}

/**
 * −log N(x; μ, Σ) per row of x [m, d], with W = L⁻ᵀ (Σ = L·Lᵀ): ½·(‖(x − μ)·W‖² + d·log 2π + log det Σ),
 * as GaussianScorer.score.
 */
export function gaussianNllGraph(g: GraphBuilder, x: string, mean: Float32Array, whitening: Matrix, logDeterminant: number): string {
  const mahalanobis = squaredNorms(g, centredProduct(g, x, mean, whitening, 'gaussian_whitening'));
  const constant = mean.length * Math.log(2 * Math.PI) + logDeterminant;
  return op(g, 'Mul', [op(g, 'Add', [mahalanobis, scalar(g, constant)]), scalar(g, 0.5)]);
}

/**
 * −log p(x) of the Gaussian KDE per row of x [m, d], as GaussianKde.score. With whitened queries q = (x − μ)·W and
 * kernel centres pᵢ, the logits Lᵢ = q·pᵢ − ½‖pᵢ‖² give −½‖q − pᵢ‖² = Lᵢ − ½‖q‖², so
 *   log p = max L + log Σᵢ exp(Lᵢ − max L) − ½‖q‖² + logNormalizer,
 * the maximum taken out explicitly so the sum cannot overflow whatever the runtime's LogSumExp does.
 */
export function kdeNllGraph(g: GraphBuilder, x: string, kde: { mean: Float32Array; whitening: Matrix; points: Matrix; logNormalizer: number }): string {
  const q = centredProduct(g, x, kde.mean, kde.whitening, 'kde_whitening');
  const { points } = kde;
  const { columns, squaredNorms: norms } = columnsAndRowNorms(points);
  const halfNorms = norms.map((v) => 0.5 * v);
  const logits = op(g, 'Sub', [op(g, 'MatMul', [q, floats(g, columns, [points.cols, points.rows], 'kde_points_t')]), floats(g, halfNorms, [points.rows], 'kde_half_norms')]);
  const rowMax = reduce(g, 'Max', logits, [1], true);
  const sum = reduce(g, 'Sum', op(g, 'Exp', [op(g, 'Sub', [logits, rowMax])]), [1], false);
  const logSumExp = op(g, 'Add', [op(g, 'Log', [sum]), reduce(g, 'Max', logits, [1], false)]);
  const halfQueryNorms = op(g, 'Mul', [squaredNorms(g, q), scalar(g, 0.5)]);
  const logDensity = op(g, 'Add', [op(g, 'Sub', [logSumExp, halfQueryNorms]), scalar(g, kde.logNormalizer)]);
  return op(g, 'Neg', [logDensity]);
}

/** Rows x [m, d] divided by their L2 norms (zero rows stay zero), as FeatureScaler's unit_norm. */
export function unitRowsGraph(g: GraphBuilder, x: string): string {
  const norms = op(g, 'Sqrt', [reduce(g, 'Sum', op(g, 'Mul', [x, x]), [1], true)]);
  const zero = scalar(g, 0);
  const safe = op(g, 'Where', [op(g, 'Greater', [norms, zero]), norms, scalar(g, 1)]);
  return op(g, 'Div', [x, safe]);
}
