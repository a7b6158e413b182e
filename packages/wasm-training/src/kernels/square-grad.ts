/**
 * Square gradient in one pass on wasm: tfjs-core computes `dy · (cast(x) · 2)` (Cast, two Multiply kernels);
 * the custom kernel `DigitkitSquareGrad` (native/kernels.c) computes the same products, with the same rounding,
 * in one SIMD pass. tf.moments squares every BatchNorm input, so this runs once per BatchNorm layer and step. The
 * replacement is global in tfjs: on other backends it calls tfjs-core's gradient.
 */
import { engine, getBackend, getKernel, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels, nativeReadyOnCurrentBackend } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { createGradientOverride } from './gradient-override.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Name of the custom wasm kernel computing `dy · (x · 2)`. */
export const SQUARE_GRAD = 'DigitkitSquareGrad';

function fast({ inputs, backend }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const native = nativeKernels(backend);
  if (native === null) throw new Error(`${SQUARE_GRAD}: the SIMD kernels are not available in this engine`);
  const out = backend.makeOutput(x.shape, 'float32');
  native.exports.dk_square_grad(pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, out), x.shape.reduce((a, b) => a * b, 1));
  return out;
}

/** Kernel entry: inputs `{ x, dy }` (same shape, float32), output dx. */
export const squareGradKernel: TrainingKernel = { kernelName: SQUARE_GRAD, missing: false, fast };

/** The Square gradient replacement (switched by enableWasmTraining). */
export const squareGradientOverride = createGradientOverride((previous) => ({
  kernelName: 'Square',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const dyTensor = dy as Tensor;
    const stock = previous();
    const useKernel =
      getBackend() === 'wasm' &&
      getKernel(SQUARE_GRAD, 'wasm') !== undefined &&
      x.dtype === 'float32' &&
      dyTensor.dtype === 'float32' &&
      x.size === dyTensor.size &&
      nativeReadyOnCurrentBackend();
    if (!useKernel && stock !== undefined) return stock.gradFunc(dy, saved, attrs);
    if (!useKernel) throw new Error('Square gradient: tfjs-core gradients are not registered');
    return { x: () => engine().runKernel(SQUARE_GRAD, { x, dy: dyTensor }) as Tensor };
  },
}));
