/**
 * Every kernel this package knows, in registration order.
 */
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterKernel } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputKernel } from './depthwise-conv2d-backprop-input.js';
import { fusedBatchNormGradKernel } from './fused-batch-norm-grad.js';
import { avgPoolGradKernel } from './avg-pool-grad.js';
import { addKernel, multiplyKernel, realDivKernel, subKernel } from './broadcast-binary.js';
import { batchMatMulKernel } from './batch-mat-mul.js';
import { meanKernel } from './mean.js';
import { fusedBatchNormKernel } from './fused-batch-norm.js';
import { castKernel, identityKernel } from './identity.js';
import { reluGradKernel } from './relu-grad.js';
import { squareGradKernel } from './square-grad.js';
import { tileKernel } from './tile.js';
import { conv2dKernel, fusedConv2dKernel } from './conv2d.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { sumKernel } from './sum.js';
import type { TrainingKernel } from './training-kernel.js';

/** All kernels: the missing ones first, then the faster replacements. */
export const ALL_TRAINING_KERNELS: readonly TrainingKernel[] = [
  conv2dBackpropFilterKernel,
  depthwiseConv2dBackpropFilterKernel,
  depthwiseConv2dBackpropInputKernel,
  conv2dBackpropInputKernel,
  maxPoolGradKernel,
  avgPoolGradKernel,
  sumKernel,
  meanKernel,
  batchMatMulKernel,
  fusedBatchNormGradKernel,
  fusedBatchNormKernel,
  identityKernel,
  castKernel,
  tileKernel,
  reluGradKernel,
  squareGradKernel,
  addKernel,
  subKernel,
  multiplyKernel,
  realDivKernel,
  conv2dKernel,
  fusedConv2dKernel,
];
