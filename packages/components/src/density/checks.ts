import * as tf from '@tensorflow/tfjs';
import { UserError } from '@anomaly-zoo/core';

/** Throws unless x is a rank-2 tensor with `features` columns (any number when omitted). */
export function expectMatrix(x: tf.Tensor, who: string, features?: number): void {
  if (x.rank !== 2) throw new Error(`${who}: expected a [rows, features] matrix, got shape [${x.shape}]`);
  if (features !== undefined && x.shape[1] !== features) {
    throw new Error(`${who}: expected ${features} features per row, got ${x.shape[1]}`);
  }
}

/** A ridge option: a finite number ≥ 0. */
export function checkRidge(ridge: number, who: string): number {
  if (!(Number.isFinite(ridge) && ridge >= 0)) throw new UserError(`${who}: ridge must be a finite number >= 0, got ${ridge}`);
  return ridge;
}

export function notFitted(who: string): Error {
  return new Error(`${who}: call fit() first (or the instance was disposed)`);
}
