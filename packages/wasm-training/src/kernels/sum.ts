/**
 * Faster Sum for the wasm backend when the reduced axes are the leading ones (bias and BatchNorm gradients
 * reduce `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass in native/kernels.c instead of transpose + reduce.
 * Any other reduction uses the stock kernel.
 */
import { reduceLeadingAxes } from './leading-axes-reduce.js';
import type { TrainingKernel } from './training-kernel.js';

/** Kernel entry: `inputs { x }`, attrs `{ axis, keepDims }`. */
export const sumKernel: TrainingKernel = {
  kernelName: 'Sum',
  missing: false,
  fast: (args, stock) => reduceLeadingAxes('Sum', args, stock),
};
