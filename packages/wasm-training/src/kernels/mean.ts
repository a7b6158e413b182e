/**
 * Faster Mean for the wasm backend when the reduced axes are the leading ones (BatchNorm's moments reduce
 * `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass instead of transpose + reduce. Other reductions use the stock
 * kernel.
 */
import type { MeanAttrs } from '@tensorflow/tfjs-core';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { REDUCE_PATHS, reduceLeadingAxes, type ReduceInputs, type ReducePath } from './leading-axes-reduce.js';

/** Kernel config: `inputs { x }`, attrs `{ axis, keepDims }`. */
export const meanConfig = defineWasmKernel<ReduceInputs, MeanAttrs, ReducePath>({
  kernelName: 'Mean',
  missing: false,
  paths: REDUCE_PATHS,
  kernelFunc: (args) => reduceLeadingAxes('Mean', args),
});
