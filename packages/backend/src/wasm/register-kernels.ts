import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilter, conv2dBackpropInput } from './conv2d-backprop';
import { depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './depthwise-backprop';
import { identity } from './identity';
import { sum } from './sum';

/** The wasm kernels we register, and why (the README has the details). */
export const WASM_KERNELS: Record<string, string> = {
  [tf.Conv2DBackpropFilter]: 'missing in tfjs-backend-wasm: training any conv layer fails',
  [tf.Conv2DBackpropInput]: 'stock kernel is a single-threaded scalar loop; also the forward op of conv2dTranspose',
  [tf.DepthwiseConv2dNativeBackpropFilter]: 'missing in tfjs-backend-wasm: training depthwise/separable convs fails',
  [tf.DepthwiseConv2dNativeBackpropInput]: 'missing in tfjs-backend-wasm: training depthwise/separable convs fails',
  [tf.Identity]: 'stock kernel copies the data; tf.clone needs only a new reference',
  [tf.Sum]: 'stock kernel transposes the reduced axes innermost; bias gradients (leading axes) run as a matmul',
};

const stock = new Map<string, tf.KernelConfig>();
let registered = false;

const stockKernel = (name: string) => tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;

/** Stock setup functions run when tf.setBackend('wasm') runs, or at once when wasm is already active. */
function setUp(config: tf.KernelConfig): void {
  if (config.setupFunc && tf.getBackend() === 'wasm') config.setupFunc(tf.backend());
}

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  const existing = stockKernel(kernelName);
  if (existing) {
    stock.set(kernelName, existing);
    tf.unregisterKernel(kernelName, 'wasm');
  }
  // Keeps the stock setup (it binds the C function) so that the stock kernel can still be delegated to.
  const config = { kernelName, backendName: 'wasm', kernelFunc, setupFunc: existing?.setupFunc };
  tf.registerKernel(config);
  setUp(config);
}

/** Installs our wasm kernels (idempotent). */
export function registerWasmKernels(): void {
  if (registered) return;
  replace(tf.Conv2DBackpropFilter, conv2dBackpropFilter);
  replace(tf.Conv2DBackpropInput, conv2dBackpropInput(stockKernel(tf.Conv2DBackpropInput)?.kernelFunc));
  replace(tf.DepthwiseConv2dNativeBackpropFilter, depthwiseConv2dBackpropFilter);
  replace(tf.DepthwiseConv2dNativeBackpropInput, depthwiseConv2dBackpropInput);
  replace(tf.Identity, identity);
  const stockSum = stockKernel(tf.Sum)?.kernelFunc;
  if (stockSum) replace(tf.Sum, sum(stockSum));
  registered = true;
}

/** Puts the stock kernels back and removes the ones wasm lacked (for benchmarks and tests). */
export function restoreStockWasmKernels(): void {
  if (!registered) return;
  for (const kernelName of Object.keys(WASM_KERNELS)) {
    tf.unregisterKernel(kernelName, 'wasm');
    const original = stock.get(kernelName);
    if (original) {
      tf.registerKernel(original);
      setUp(original);
    }
  }
  stock.clear();
  registered = false;
}
