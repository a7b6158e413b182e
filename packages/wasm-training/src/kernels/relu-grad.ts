/**
 * ReLU gradient in one pass on wasm: tfjs-core computes `dy · step(cast(x))` (Cast, Step, Multiply kernels); the
 * custom kernel `DigitkitReluGrad` (native/kernels.c) computes the same product, with the same NaN rule, in one
 * SIMD pass. The replacement is global in tfjs: on other backends it calls tfjs-core's gradient.
 */
import { createOnePassGradient } from './one-pass-gradient.js';

/** Name of the custom wasm kernel computing `dy · step(x)`. */
export const RELU_GRAD = 'DigitkitReluGrad';

const relu = createOnePassGradient({ opKernelName: 'Relu', kernelName: RELU_GRAD, nativeExport: 'dk_relu_grad' });

/** Kernel entry: inputs `{ x, dy }` (same shape, float32), output dx. */
export const reluGradKernel = relu.kernel;

/** The Relu gradient replacement (switched by enableWasmTraining). */
export const reluGradientOverride = relu.gradientOverride;
