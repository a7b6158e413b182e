/**
 * Faster Mean for the wasm backend when the reduced axes are the leading ones (BatchNorm's moments reduce
 * `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass instead of transpose + reduce. Other reductions use the stock
 * kernel.
 */
import { reduceLeadingAxes } from './leading-axes-reduce.js';
import type { TrainingKernel } from './training-kernel.js';

/** Kernel entry: `inputs { x }`, attrs `{ axis, keepDims }`. */
export const meanKernel: TrainingKernel = {
  kernelName: 'Mean',
  missing: false,
  fast: (args, stock) => reduceLeadingAxes('Mean', args, stock),
};
