import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Sum over the leading axes (a conv or dense bias gradient: dy [N, H, W, C] summed to [C]) as one pass over the
 * heap from JS with float64 accumulators. The stock kernel first transposes the reduced axes innermost, which costs
 * more than the sum. Other sums go to the stock kernel.
 */
export function sum(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as tf.SumInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x!.shape.length;
    const axes = tf.util.parseAxisParam(axis, x!.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x!.dtype !== 'float32' || !leading) return stock(args);
    const kept = x!.shape.slice(axes.length);
    const cols = kept.reduce((a, b) => a * b, 1);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const src = backend.typedArrayFromHeap(x!) as Float32Array;
    const totals = new Float64Array(cols);
    for (let from = 0; from < src.length; from += cols) {
      for (let c = 0; c < cols; c++) totals[c]! += src[from + c]!;
    }
    (backend.typedArrayFromHeap(out) as Float32Array).set(totals);
    return out;
  };
}
