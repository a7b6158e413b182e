/**
 * A unary op's gradient `dx = f(x, dy)` computed by a one-pass custom wasm kernel (kernels/digitkit-*-grad.ts)
 * instead of tfjs-core's chain of small kernels. The replacement is global in tfjs: on other backends, other
 * dtypes or when the SIMD module cannot load, it calls tfjs-core's own gradient.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import { engine, getBackend, getKernel, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { declareDispatchPaths } from '../kernels/kernel-dispatch.js';
import { nativeReadyOnCurrentBackend } from '../native/native-module.js';
import { createGradientOverride, type GradientOverride } from './gradient-override.js';

/** The gradient override of `opKernelName` that runs the custom kernel `kernelName` on wasm. */
export function createOnePassGradientOverride(opKernelName: string, kernelName: string): GradientOverride {
  const took = declareDispatchPaths(`${opKernelName} gradient`, ['kernel', 'tfjs-core']);
  return createGradientOverride((previous) => ({
    kernelName: opKernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved;
      const dyTensor = dy as Tensor;
      const useKernel =
        getBackend() === 'wasm' &&
        getKernel(kernelName, 'wasm') !== undefined &&
        x.dtype === 'float32' &&
        dyTensor.dtype === 'float32' &&
        x.size === dyTensor.size &&
        nativeReadyOnCurrentBackend();
      if (useKernel) {
        took('kernel');
        return { x: () => engine().runKernel(kernelName, { x, dy: dyTensor }) as Tensor };
      }
      const stock = previous();
      if (stock === undefined) {
        throw new UnsupportedEnvironmentError({
          functionName: `${opKernelName} gradient`,
          expected: "tfjs-core's gradients to be registered (import '@tensorflow/tfjs-core/dist/register_all_gradients' or tfjs-layers)",
          found: 'none for this op',
        });
      }
      took('tfjs-core');
      return stock.gradFunc(dy, saved, attrs);
    },
  }));
}
