/**
 * ReLU gradient in one pass on wasm: tfjs-core computes `dy · step(cast(x))` (Cast, Step, Multiply kernels); the
 * custom kernel `DigitkitReluGrad` (native/kernels.c) computes the same product, with the same NaN rule, in one
 * SIMD pass. The replacement is global in tfjs: on other backends it calls tfjs-core's gradient.
 */
import { engine, getBackend, getKernel, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels, nativeReadyOnCurrentBackend } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { createGradientOverride } from './gradient-override.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Name of the custom wasm kernel computing `dy · step(x)`. */
export const RELU_GRAD = 'DigitkitReluGrad';

function fast({ inputs, backend }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const native = nativeKernels(backend);
  if (native === null) throw new Error(`${RELU_GRAD}: the SIMD kernels are not available in this engine`);
  const out = backend.makeOutput(x.shape, 'float32');
  native.exports.dk_relu_grad(pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, out), x.shape.reduce((a, b) => a * b, 1));
  return out;
}

/** Kernel entry: inputs `{ x, dy }` (same shape, float32), output dx. */
export const reluGradKernel: TrainingKernel = { kernelName: RELU_GRAD, missing: false, fast };

/** The Relu gradient replacement (switched by enableWasmTraining). */
export const reluGradientOverride = createGradientOverride((previous) => ({
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const dyTensor = dy as Tensor;
    const stock = previous();
    const useKernel =
      getBackend() === 'wasm' &&
      getKernel(RELU_GRAD, 'wasm') !== undefined &&
      x.dtype === 'float32' &&
      dyTensor.dtype === 'float32' &&
      x.size === dyTensor.size &&
      nativeReadyOnCurrentBackend();
    if (!useKernel && stock !== undefined) return stock.gradFunc(dy, saved, attrs);
    if (!useKernel) throw new Error('Relu gradient: tfjs-core gradients are not registered');
    return { x: () => engine().runKernel(RELU_GRAD, { x, dy: dyTensor }) as Tensor };
  },
}));
