import * as tf from '@tensorflow/tfjs';

/**
 * Mahalanobis distance of every image's feature vector at every position to that position's Gaussian:
 * features [P, n, d], mean [P, d], whitening W [P, d, d] with Σ⁻¹ = Wᵀ·W → distances [n, P],
 * √((x − μ)ᵀ·Σ⁻¹·(x − μ)) = ‖W·(x − μ)‖. One batched matMul over all positions.
 */
export function mahalanobisDistances(features: tf.Tensor3D, mean: tf.Tensor2D, whitening: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const centred = tf.sub(features, tf.expandDims(mean, 1));
    const whitened = tf.matMul(centred, whitening, false, true);
    return tf.transpose(tf.sqrt(tf.sum(tf.square(whitened), 2))) as tf.Tensor2D;
  });
}
