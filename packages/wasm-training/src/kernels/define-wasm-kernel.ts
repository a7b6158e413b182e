/**
 * `defineWasmKernel`: a typed kernel of this package as a tfjs `KernelConfig` for the `'wasm'` backend. The kernel
 * function receives its inputs and attrs typed (as tfjs's own kernels do), the wasm backend typed, and two helpers
 * that record which implementation ran ({@link kernelDispatchCounts}) and fall back to the stock wasm kernel.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend, type WasmBackend } from '../wasm-backend.js';
import { declareDispatchPaths } from './kernel-dispatch.js';
import { stockKernelFunc } from './stock-kernels.js';

/** What a kernel function of this package receives. */
export interface WasmKernelArgs<Inputs, Attrs, Path extends string> {
  /** The kernel's tensors, by tfjs input name. */
  inputs: Inputs;
  /** The kernel's attributes, as tfjs's op passes them. */
  attrs: Attrs;
  /** The tfjs wasm backend (`BackendWasm`). */
  backend: WasmBackend;
  /** Records that this call took `path` (a native path, or the loop form). */
  took(path: Path): void;
  /** Records `path` and runs the stock wasm kernel of the same name on the same arguments. */
  fallBack(path: Path): TensorInfo | TensorInfo[];
}

/** A kernel function of this package. */
export type WasmKernelFunc<Inputs, Attrs, Path extends string> = (
  args: WasmKernelArgs<Inputs, Attrs, Path>,
) => TensorInfo | TensorInfo[];

/** A tfjs kernel config for `'wasm'` plus whether stock tfjs-backend-wasm 4.22 lacks the kernel. */
export interface WasmTrainingKernelConfig extends KernelConfig {
  /** True when stock tfjs-backend-wasm 4.22 has no kernel of this name (registered even with `fast: false`). */
  missing: boolean;
}

/** Specification of one kernel for {@link defineWasmKernel}. */
export interface WasmKernelSpec<Inputs, Attrs, Path extends string> {
  /** tfjs kernel name, e.g. `'MaxPoolGrad'`. */
  kernelName: string;
  /** True when stock tfjs-backend-wasm 4.22 has no kernel of this name. */
  missing: boolean;
  /** Every implementation path `kernelFunc` can take (see {@link kernelDispatchCounts}). */
  paths: readonly Path[];
  kernelFunc: WasmKernelFunc<Inputs, Attrs, Path>;
}

/**
 * Builds the `KernelConfig` of one kernel. `Inputs` and `Attrs` describe what tfjs's op for `kernelName` passes
 * (tfjs's ops check shapes and dtypes before a kernel runs, and pass attrs in their documented form).
 */
export function defineWasmKernel<Inputs extends object, Attrs extends object, const Path extends string>(
  spec: WasmKernelSpec<Inputs, Attrs, Path>,
): WasmTrainingKernelConfig {
  const { kernelName, missing, paths, kernelFunc } = spec;
  const took = declareDispatchPaths(kernelName, paths);
  const wrapped: KernelFunc = (params) => {
    const { backend } = params;
    if (!isWasmBackend(backend)) {
      throw new UnsupportedEnvironmentError({
        functionName: kernelName,
        expected: "the tfjs wasm backend's BackendWasm",
        found: 'a backend without wasm/dataIdMap/makeOutput',
      });
    }
    return kernelFunc({
      inputs: typedInputs<Inputs>(params.inputs),
      attrs: typedAttrs<Attrs>(params.attrs ?? {}),
      backend,
      took,
      fallBack(path) {
        took(path);
        const stock = stockKernelFunc(kernelName);
        if (stock === undefined) {
          throw new UnsupportedEnvironmentError({
            functionName: kernelName,
            expected: 'a stock wasm kernel to fall back to',
            found: 'none registered',
            fix: "import '@tensorflow/tfjs-backend-wasm' before calling enableWasmTraining()",
          });
        }
        return stock(params);
      },
    });
  };
  return { kernelName, backendName: 'wasm', missing, kernelFunc: wrapped };
}

/** tfjs's op for the kernel passes exactly these tensors (a missing optional one is `undefined`). */
function typedInputs<Inputs extends object>(inputs: NamedTensorInfoMap): Inputs {
  return inputs as Inputs;
}

/** tfjs's op for the kernel passes exactly these attributes. */
function typedAttrs<Attrs extends object>(attrs: NamedAttrMap): Attrs {
  return attrs as Attrs;
}
