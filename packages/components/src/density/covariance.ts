import * as tf from '@tensorflow/tfjs';
import { centreColumns, crossProduct } from './cross-product';
import { ledoitWolfIntensity, Shrinkage, shrinkTowardsIdentity } from './shrinkage';

export interface MeanAndCovariance {
  /** Column means, length d. */
  mean: Float64Array;
  /** Unbiased (divided by n − 1) covariance, row-major d×d, exactly symmetric. */
  covariance: Float64Array;
  samples: number;
  features: number;
  /** The shrinkage intensity δ applied: covariance = (1 − δ)·C + δ·(tr C/d)·I (0 without shrinkage). */
  shrinkage: number;
}

/**
 * Mean and unbiased covariance C of the rows of x [n, d] (n ≥ 2), computed in float64, optionally shrunk
 * towards (tr C/d)·I with a fixed or the Ledoit–Wolf intensity (see shrinkage.ts).
 */
export function meanAndCovariance(x: tf.Tensor2D, shrinkage: Shrinkage = 'none'): MeanAndCovariance {
  const [samples, features] = x.shape;
  if (samples < 2) throw new Error(`meanAndCovariance: need at least 2 rows, got ${samples}`);
  const { mean, centred } = centreColumns(x.dataSync(), samples, features);
  const covariance = crossProduct(centred, samples, features);
  for (let i = 0; i < covariance.length; i++) covariance[i] = (covariance[i] as number) / (samples - 1);
  const intensity = shrinkage === 'none' ? 0 : shrinkage === 'ledoit_wolf' ? ledoitWolfIntensity(centred, covariance, samples, features) : shrinkage;
  if (intensity > 0) shrinkTowardsIdentity(covariance, features, intensity);
  return { mean, covariance, samples, features, shrinkage: intensity };
}

