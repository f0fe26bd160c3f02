import * as tf from '@tensorflow/tfjs';

/**
 * W = L⁻¹ for every matrix of a [batch, n, n] stack of SPD matrices A = L·Lᵀ (L lower-triangular), so that
 * A⁻¹ = Wᵀ·W and (x − μ)ᵀ·A⁻¹·(x − μ) = ‖W·(x − μ)‖². All matrices are factored at once with tensor ops, by
 * recursive 2×2 blocking:
 *
 *   A = [A₁₁ A₂₁ᵀ; A₂₁ A₂₂]   W₁₁ = L₁₁⁻¹ (recursion on A₁₁)   L₂₁ = A₂₁·W₁₁ᵀ
 *   S = A₂₂ − L₂₁·L₂₁ᵀ          W₂₂ = L₂₂⁻¹ (recursion on S)     W₂₁ = −W₂₂·L₂₁·W₁₁
 *
 * so the work is a few large batched matMuls per level, and L itself is never assembled. A matrix that is
 * not positive definite yields NaN entries (the square root of a non-positive pivot); see {@link isFiniteStack}.
 */
export function inverseCholeskyBatched(a: tf.Tensor3D): tf.Tensor3D {
  const [, n, n2] = a.shape;
  if (n !== n2) throw new Error(`inverseCholeskyBatched: expected a stack of square matrices, got [${a.shape}]`);
  return tf.tidy(() => invert(a));
}

function invert(a: tf.Tensor3D): tf.Tensor3D {
  const [batch, n] = a.shape;
  if (n === 1) return tf.rsqrt(a);
  const h = Math.floor(n / 2);
  const rest = n - h;
  const w11 = invert(tf.slice(a, [0, 0, 0], [batch, h, h]));
  const l21 = tf.matMul(tf.slice(a, [0, h, 0], [batch, rest, h]), w11, false, true);
  const schur = tf.sub(tf.slice(a, [0, h, h], [batch, rest, rest]), tf.matMul(l21, l21, false, true)) as tf.Tensor3D;
  const w22 = invert(schur);
  const w21 = tf.neg(tf.matMul(w22, tf.matMul(l21, w11)));
  const top = tf.concat([w11, tf.zeros([batch, h, rest])], 2);
  const bottom = tf.concat([w21, w22], 2);
  return tf.concat([top, bottom], 1) as tf.Tensor3D;
}

/** True when every entry is finite (a failed factorisation leaves NaN). */
export function isFiniteStack(t: tf.Tensor): boolean {
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))));
  const result = bad.dataSync()[0] === 0;
  bad.dispose();
  return result;
}
