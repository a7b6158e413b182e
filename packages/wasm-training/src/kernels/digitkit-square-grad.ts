/**
 * `DigitkitSquareGrad`: the Square gradient `dy · (x · 2)` (tfjs-core's formula and rounding) in one SIMD pass;
 * tfjs-core computes it with Cast and two Multiply kernels. tf.moments squares every BatchNorm input, so this
 * runs once per BatchNorm layer and step.
 */
import { defineOnePassGradientKernel } from './one-pass-gradient-kernel.js';

/** Name of the custom wasm kernel computing `dy · (x · 2)`. */
export const SQUARE_GRAD = 'DigitkitSquareGrad';

/** Kernel config: inputs `{ x, dy }` (same shape, float32), output dx. */
export const squareGradConfig = defineOnePassGradientKernel(SQUARE_GRAD, 'dk_square_grad');
