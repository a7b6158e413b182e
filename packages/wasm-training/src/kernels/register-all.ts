/**
 * Every kernel config of this package, in registration order: `FAST_KERNEL_CONFIGS` for
 * `enableWasmTraining({ fast: true })`, `LOOP_KERNEL_CONFIGS` (only the kernels stock wasm lacks, as loops over
 * the heap) for `fast: false`.
 */
import { addConfig } from './add.js';
import { avgPoolGradConfig } from './avg-pool-grad.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { castConfig } from './cast.js';
import { conv2dBackpropFilterConfig, conv2dBackpropFilterLoopConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { conv2dConfig } from './conv2d.js';
import { adamUpdateConfig } from './digitkit-adam-update.js';
import type { WasmTrainingKernelConfig } from './define-wasm-kernel.js';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { fusedBatchNormGradConfig } from './digitkit-fused-batch-norm-grad.js';
import { reluGradConfig } from './digitkit-relu-grad.js';
import { squareGradConfig } from './digitkit-square-grad.js';
import { fusedBatchNormConfig } from './fused-batch-norm.js';
import { fusedConv2dConfig } from './fused-conv2d.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { meanConfig } from './mean.js';
import { multiplyConfig } from './multiply.js';
import { realDivConfig } from './real-div.js';
import { subConfig } from './sub.js';
import { sumConfig } from './sum.js';
import { tileConfig } from './tile.js';

/** `fast: true`: the missing kernels first, then the faster replacements and custom kernels. */
export const FAST_KERNEL_CONFIGS: readonly WasmTrainingKernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  avgPoolGradConfig,
  sumConfig,
  meanConfig,
  batchMatMulConfig,
  fusedBatchNormGradConfig,
  fusedBatchNormConfig,
  identityConfig,
  castConfig,
  tileConfig,
  reluGradConfig,
  squareGradConfig,
  addConfig,
  subConfig,
  multiplyConfig,
  realDivConfig,
  conv2dConfig,
  fusedConv2dConfig,
  adamUpdateConfig,
];

/** `fast: false`: only the kernels stock tfjs-backend-wasm 4.22 lacks, in loop form. */
export const LOOP_KERNEL_CONFIGS: readonly WasmTrainingKernelConfig[] = [
  conv2dBackpropFilterLoopConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
];
