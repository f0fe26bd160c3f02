import * as tf from '@tensorflow/tfjs';
import { nearestNeighbours } from './nearest-neighbours';
import { reweightedScore } from './reweighting';

/**
 * Image scores from patch scores [n, P] (each patch's nearest-bank distance): the largest patch score s* of each
 * image, reweighted by PatchCore eq. 7 over the `neighbours` nearest bank members of that patch's match m*
 * (`neighbours` 1: s* as it is). `patches` [n·P, d] are the test patch rows, `matches` [n·P] their nearest bank rows.
 */
export async function imageScores(
  patchScores: tf.Tensor2D, patches: tf.Tensor2D, matches: tf.Tensor1D, bank: tf.Tensor2D, neighbours: number, chunk: number,
): Promise<Float32Array> {
  const maxima = tf.max(patchScores, 1);
  const nearest = Float32Array.from(await maxima.data());
  maxima.dispose();
  const k = Math.min(neighbours, bank.shape[0]);
  if (k <= 1) return nearest;
  const [n, perImage] = patchScores.shape;
  const { testRows, bankRows } = tf.tidy(() => {
    const rows = tf.add(tf.cast(tf.argMax(patchScores, 1), 'int32'), tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(perImage, 'int32')));
    return { testRows: tf.gather(patches, rows) as tf.Tensor2D, bankRows: tf.gather(bank, tf.gather(matches, rows)) as tf.Tensor2D };
  });
  const support = nearestNeighbours(bankRows, bank, k, chunk);
  const distances = tf.tidy(() => {
    const rows = tf.reshape(tf.gather(bank, tf.reshape(support.indices, [-1])), [n, k, -1]);
    return tf.sqrt(tf.sum(tf.square(tf.sub(rows, tf.expandDims(testRows, 1))), 2));
  });
  const values = (await distances.data()) as Float32Array;
  tf.dispose([testRows, bankRows, support.distances, support.indices, distances]);
  return nearest.map((s, i) => reweightedScore(s, Array.from(values.subarray(i * k, (i + 1) * k))));
}
