import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '@anomaly-zoo/core';
import { resizeLastTwo } from '../graph/map-graph';
import { nchwToNhwc, nhwcToNchw } from './graph-ops';

/**
 * NHWC images in [0,1] (1 or 3 channels, any size) → [N,size,size,3] float32 in [0,1]. Bilinear with half-pixel
 * centres (the geometry of OpenCV/PIL/torchvision), skipped when the size already matches; grey is repeated to RGB.
 */
export function resizeImages(x: tf.Tensor4D, size: number): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`backbone: expected NHWC images [N,H,W,C], got shape [${x.shape}]`);
  const channels = x.shape[3];
  if (channels !== 1 && channels !== 3) throw new Error(`backbone: expected 1 or 3 channels, got ${channels}`);
  return tf.tidy(() => {
    let y: tf.Tensor4D = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    if (channels === 1) y = tf.tile(y, [1, 1, 1, 3]);
    if (y.shape[1] !== size || y.shape[2] !== size) y = tf.image.resizeBilinear(y, [size, size], false, true);
    return y === x ? tf.clone(x) : y;
  });
}

/** [0,1] → [low, high], linearly. */
export function toRange(x: tf.Tensor4D, [low, high]: readonly [number, number]): tf.Tensor4D {
  if (low === 0 && high === 1) return tf.clone(x);
  return tf.tidy(() => tf.add(tf.mul(x, high - low), low));
}

/**
 * resizeImages() for 3-channel images of side `side`, written into `g` (resizeLastTwo: tfjs's bilinear rule with
 * half-pixel centres). The resize runs on NCHW, whose last two axes are the image's; the batch size stays symbolic.
 */
export function exportResizeImages(g: GraphBuilder, x: string, side: number, size: number): string {
  if (side === size) return x;
  return nchwToNhwc(g, resizeLastTwo(g, nhwcToNchw(g, x), [side, side], [size, size], 'bilinear'));
}
