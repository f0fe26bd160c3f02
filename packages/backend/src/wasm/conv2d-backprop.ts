import * as tf from '@tensorflow/tfjs';
import { convGeometry, filterGradPadding } from './conv-geometry';
import { withWasmKernels } from './kernel-ops';
import { phaseFilter, phasePlan } from './phase-geometry';

/**
 * dW = conv2d(x', dy') with x' = x as one [1, H, W*C_in, N] image (a single 2-D transpose of x) and dy' = dy as a
 * [Ho, Wo, N, C_out] filter dilated by (stride, stride*C_in): the output [1, fh, fw*C_in, C_out] is then already
 * dW's layout. Width padding pads whole pixels because it is C_in × the pixel padding; negative padding (crop) is
 * applied to the small result instead of to x.
 */
export const conv2dBackpropFilter: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as tf.Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error(`${tf.Conv2DBackpropFilter} on wasm supports NHWC only`);
  const info = convGeometry(tf.Conv2DBackpropFilter, x!.shape, filterShape, strides, pad, dimRoundingMode, false);
  const [n, h, w, cin] = info.inShape;
  const [fh, fw, , cout] = info.filterShape;
  const { top, bottom, left, right } = filterGradPadding(info);
  const padding: tf.backend_util.ExplicitPadding =
    [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left) * cin, Math.max(0, right) * cin], [0, 0]];
  return withWasmKernels(backend, (ops) => {
    const image = ops.reshape(ops.transpose(ops.reshape(x!, [n, h * w * cin]), [1, 0]), [1, h, w * cin, n]);
    const dyAsFilter = ops.transpose(dy!, [1, 2, 0, 3]);
    const dw = ops.conv2d(image, dyAsFilter, [info.strideHeight, info.strideWidth * cin], padding);
    const [, rows, cols] = dw.shape;
    if (rows === fh && cols === fw * cin) return ops.reshape(dw, filterShape);
    const cropped = ops.slice(dw, [0, Math.max(0, -top), Math.max(0, -left) * cin, 0], [1, fh, fw * cin, cout]);
    return ops.reshape(cropped, filterShape);
  });
};

/**
 * dx as ONE stride-1 conv of the un-dilated dy with the filter's phase sub-kernels stacked on the output channels
 * (see phase-geometry), then the s_h × s_w residues interleaved by a transpose. At stride 2 with a 3×3 filter this
 * multiplies 16 taps per input pixel group instead of the 36 of zero insertion. The stock wasm kernel is a
 * single-threaded scalar loop; this runs on XNNPACK's conv.
 */
export function conv2dBackpropInput(stock?: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as tf.Conv2DBackpropInputInputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW') {
      if (stock) return stock(args);
      throw new Error(`${tf.Conv2DBackpropInput} on wasm supports NHWC only`);
    }
    const info = convGeometry(tf.Conv2DBackpropInput, inputShape, filter!.shape, strides, pad, dimRoundingMode, false);
    const [n, h, w, cin] = info.inShape;
    const [, , , cout] = info.filterShape;
    const rows = phasePlan(info.strideHeight, info.filterHeight, info.padInfo.top, h, info.outHeight);
    const cols = phasePlan(info.strideWidth, info.filterWidth, info.padInfo.left, w, info.outWidth);
    const [sh, sw] = [rows.stride, cols.stride];
    return withWasmKernels(args.backend, (ops) => {
      const combined = phaseFilter(ops.values(filter!), info.filterShape, rows, cols);
      const phaseKernel = ops.fromValues([rows.taps, cols.taps, cout, sh * sw * cin], combined);
      const cropped = ops.cropForPadding(dy!, rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter);
      const perResidue = ops.conv2d(cropped.x, phaseKernel, [1, 1], cropped.pad);
      const split = ops.reshape(perResidue, [n, rows.rows, cols.rows, sh, sw, cin]);
      const interleaved = ops.reshape(ops.transpose(split, [0, 1, 3, 2, 4, 5]), [n, rows.rows * sh, cols.rows * sw, cin]);
      if (rows.rows * sh === h && cols.rows * sw === w) return interleaved;
      return ops.slice(interleaved, [0, 0, 0, 0], [n, h, w, cin]);
    });
  };
}
