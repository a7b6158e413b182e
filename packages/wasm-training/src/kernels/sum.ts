/**
 * Faster Sum for the wasm backend when the reduced axes are the leading ones (bias and BatchNorm gradients
 * reduce `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass in native/kernels.c instead of transpose + reduce.
 * Any other reduction uses the stock kernel.
 */
import type { SumAttrs } from '@tensorflow/tfjs-core';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { REDUCE_PATHS, reduceLeadingAxes, type ReduceInputs, type ReducePath } from './leading-axes-reduce.js';

/** Kernel config: `inputs { x }`, attrs `{ axis, keepDims }`. */
export const sumConfig = defineWasmKernel<ReduceInputs, SumAttrs, ReducePath>({
  kernelName: 'Sum',
  missing: false,
  paths: REDUCE_PATHS,
  kernelFunc: (args) => reduceLeadingAxes('Sum', args),
});
