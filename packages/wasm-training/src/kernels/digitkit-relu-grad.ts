/**
 * `DigitkitReluGrad`: the ReLU gradient `dy · step(x)` (step(x) = 1 for x > 0, NaN for NaN, else 0: tfjs-core's
 * formula) in one SIMD pass; tfjs-core computes it with Cast, Step and Multiply kernels.
 */
import { defineOnePassGradientKernel } from './one-pass-gradient-kernel.js';

/** Name of the custom wasm kernel computing `dy · step(x)`. */
export const RELU_GRAD = 'DigitkitReluGrad';

/** Kernel config: inputs `{ x, dy }` (same shape, float32), output dx. */
export const reluGradConfig = defineOnePassGradientKernel(RELU_GRAD, 'dk_relu_grad');
