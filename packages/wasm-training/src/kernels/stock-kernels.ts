/**
 * The stock tfjs-backend-wasm kernels this package replaced, kept so a replacement can fall back to them where its
 * fast path does not apply. Filled by `enableWasmTraining()` before it registers anything.
 */
import type { KernelFunc } from '@tensorflow/tfjs-core';

const stock = new Map<string, KernelFunc>();

/** Remembers the stock kernel function of `kernelName` (`undefined`: stock wasm has none). */
export function rememberStockKernel(kernelName: string, kernelFunc: KernelFunc | undefined): void {
  if (kernelFunc === undefined) stock.delete(kernelName);
  else stock.set(kernelName, kernelFunc);
}

/** The stock wasm kernel function of `kernelName`, if stock wasm has one. */
export function stockKernelFunc(kernelName: string): KernelFunc | undefined {
  return stock.get(kernelName);
}
