/**
 * The Relu gradient replacement: `DigitkitReluGrad` in one pass on wasm, tfjs-core's gradient elsewhere.
 */
import { RELU_GRAD } from '../kernels/digitkit-relu-grad.js';
import { createOnePassGradientOverride } from './one-pass-gradient.js';

/** The Relu gradient replacement (switched by enableWasmTraining). */
export const reluGradientOverride = createOnePassGradientOverride('Relu', RELU_GRAD);
