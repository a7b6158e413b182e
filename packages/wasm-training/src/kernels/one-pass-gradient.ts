/**
 * A unary op's gradient `dx = f(x, dy)` computed in one SIMD pass by a custom wasm kernel of native/kernels.c,
 * instead of tfjs-core's chain of small kernels. The gradient replacement is global in tfjs: on other backends,
 * other dtypes or when the SIMD module cannot load, it calls tfjs-core's own gradient.
 */
import { engine, getBackend, getKernel, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels, nativeReadyOnCurrentBackend, type NativeExports } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { createGradientOverride } from './gradient-override.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Native exports with the signature `(x, dy, dx, n)`. */
type UnaryGradientExport = {
  [K in keyof NativeExports]: NativeExports[K] extends (x: number, dy: number, dx: number, n: number) => void ? K : never;
}[keyof NativeExports];

/** Builds the custom kernel `{ x, dy } → dx` and the gradient override of `opKernelName` that runs it. */
export function createOnePassGradient(spec: { opKernelName: string; kernelName: string; nativeExport: UnaryGradientExport }) {
  const { opKernelName, kernelName, nativeExport } = spec;
  function fast({ inputs, backend }: WasmKernelArgs): TensorInfo {
    const { x, dy } = inputs;
    const native = nativeKernels(backend);
    if (native === null) throw new Error(`${kernelName}: the SIMD kernels are not available in this engine`);
    const out = backend.makeOutput(x.shape, 'float32');
    const n = x.shape.reduce((a, b) => a * b, 1);
    native.exports[nativeExport](pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, out), n);
    return out;
  }
  /** Kernel entry: inputs `{ x, dy }` (same shape, float32), output dx. */
  const kernel: TrainingKernel = { kernelName, missing: false, fast };
  const gradientOverride = createGradientOverride((previous) => ({
    kernelName: opKernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved;
      const dyTensor = dy as Tensor;
      const stock = previous();
      const useKernel =
        getBackend() === 'wasm' &&
        getKernel(kernelName, 'wasm') !== undefined &&
        x.dtype === 'float32' &&
        dyTensor.dtype === 'float32' &&
        x.size === dyTensor.size &&
        nativeReadyOnCurrentBackend();
      if (!useKernel && stock !== undefined) return stock.gradFunc(dy, saved, attrs);
      if (!useKernel) throw new Error(`${opKernelName} gradient: tfjs-core gradients are not registered`);
      return { x: () => engine().runKernel(kernelName, { x, dy: dyTensor }) as Tensor };
    },
  }));
  return { kernel, gradientOverride };
}
