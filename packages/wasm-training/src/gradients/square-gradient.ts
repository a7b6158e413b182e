/**
 * The Square gradient replacement: `DigitkitSquareGrad` in one pass on wasm, tfjs-core's gradient elsewhere.
 */
import { SQUARE_GRAD } from '../kernels/digitkit-square-grad.js';
import { createOnePassGradientOverride } from './one-pass-gradient.js';

/** The Square gradient replacement (switched by enableWasmTraining). */
export const squareGradientOverride = createOnePassGradientOverride('Square', SQUARE_GRAD);
