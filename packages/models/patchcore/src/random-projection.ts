import { createRng } from '@anomaly-zoo/core';

/**
 * A seeded Johnson–Lindenstrauss projection [inputDims, outputDims]: i.i.d. N(0, 1/outputDims) entries, so that
 * E‖xR‖² = ‖x‖² and pairwise distances are kept within 1 ± ε with high probability once outputDims ≳ log(n)/ε².
 * Row-major Float32Array; the same seed always gives the same matrix.
 */
export function gaussianProjection(inputDims: number, outputDims: number, seed: number): Float32Array {
  if (!(Number.isInteger(inputDims) && inputDims >= 1 && Number.isInteger(outputDims) && outputDims >= 1)) {
    throw new Error(`gaussianProjection: dimensions must be positive integers, got ${inputDims}×${outputDims}`);
  }
  const rng = createRng(seed);
  const scale = 1 / Math.sqrt(outputDims);
  const matrix = new Float32Array(inputDims * outputDims);
  for (let i = 0; i < matrix.length; i++) matrix[i] = rng.normal() * scale;
  return matrix;
}

