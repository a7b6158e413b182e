/**
 * Square gradient in one pass on wasm: tfjs-core computes `dy · (cast(x) · 2)` (Cast, two Multiply kernels);
 * the custom kernel `DigitkitSquareGrad` (native/kernels.c) computes the same products, with the same rounding,
 * in one SIMD pass. tf.moments squares every BatchNorm input, so this runs once per BatchNorm layer and step. The
 * replacement is global in tfjs: on other backends it calls tfjs-core's gradient.
 */
import { createOnePassGradient } from './one-pass-gradient.js';

/** Name of the custom wasm kernel computing `dy · (x · 2)`. */
export const SQUARE_GRAD = 'DigitkitSquareGrad';

const square = createOnePassGradient({ opKernelName: 'Square', kernelName: SQUARE_GRAD, nativeExport: 'dk_square_grad' });

/** Kernel entry: inputs `{ x, dy }` (same shape, float32), output dx. */
export const squareGradKernel = square.kernel;

/** The Square gradient replacement (switched by enableWasmTraining). */
export const squareGradientOverride = square.gradientOverride;
