/**
 * The shape of one kernel this package can register on the wasm backend.
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from '../wasm-backend.js';

/** Arguments a kernel function receives, with the wasm backend typed. */
export interface WasmKernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs: NamedAttrMap;
  backend: WasmBackend;
}

/** A kernel implementation; `stock` is the wasm backend's own kernel of that name, if it has one. */
export type WasmKernelImpl = (args: WasmKernelArgs, stock: KernelFunc | undefined) => TensorInfo | TensorInfo[];

/** One kernel: its name, whether stock wasm lacks it, a simple form, and optionally a fast form. */
export interface TrainingKernel {
  /** tfjs kernel name, e.g. `'Conv2DBackpropFilter'`. */
  kernelName: string;
  /** True when stock tfjs-backend-wasm 4.22 has no kernel of this name (registered even with `fast: false`). */
  missing: boolean;
  /** Simple, always-correct form (loops over the heap); used with `fast: false`. Absent for replacements. */
  simple?: WasmKernelImpl;
  /** Fast form; falls back to `simple` or `stock` itself where its fast path does not apply. */
  fast?: WasmKernelImpl;
}
