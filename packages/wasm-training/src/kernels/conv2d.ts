/**
 * Conv2D (forward) for the single-threaded wasm backend through im2col + the SIMD GEMM (see conv2d-forward.ts).
 */
import { CONV2D_PATHS, conv2dForward, type Conv2DForwardAttrs, type Conv2DForwardInputs } from './conv2d-forward.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Kernel config: inputs `{ x: [N,H,W,C], filter: [fh,fw,C,outC] }`, attrs as tfjs's Conv2D. */
export const conv2dConfig = defineWasmKernel<Conv2DForwardInputs, Conv2DForwardAttrs, (typeof CONV2D_PATHS)[number]>({
  kernelName: 'Conv2D',
  missing: false,
  paths: CONV2D_PATHS,
  kernelFunc: conv2dForward,
});
