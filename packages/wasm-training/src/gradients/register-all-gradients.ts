/**
 * Every gradient replacement of this package, switched on and off by `enableWasmTraining({ fast })`.
 */
import { batchNormGradientOverride } from './fused-batch-norm-gradient.js';
import type { GradientOverride } from './gradient-override.js';
import { meanGradientOverride } from './mean-gradient.js';
import { reluGradientOverride } from './relu-gradient.js';
import { squareGradientOverride } from './square-gradient.js';

/** `[op kernel name, replacement]` pairs (gradients are global in tfjs, not per backend). */
export const ALL_GRADIENT_OVERRIDES: ReadonlyArray<readonly [string, GradientOverride]> = [
  ['FusedBatchNorm', batchNormGradientOverride],
  ['Mean', meanGradientOverride],
  ['Relu', reluGradientOverride],
  ['Square', squareGradientOverride],
];
