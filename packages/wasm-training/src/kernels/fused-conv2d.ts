/**
 * FusedConv2D (forward, bias and ReLU fused) for the single-threaded wasm backend through im2col + the SIMD GEMM
 * (see conv2d-forward.ts); other activations use the stock kernel.
 */
import { FUSED_CONV2D_PATHS, conv2dForward, type Conv2DForwardAttrs, type Conv2DForwardInputs, type Conv2DForwardPath } from './conv2d-forward.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Kernel config: inputs `{ x, filter, bias? }`, attrs add `activation` (`linear`/`relu` take the GEMM path). */
export const fusedConv2dConfig = defineWasmKernel<Conv2DForwardInputs, Conv2DForwardAttrs, Conv2DForwardPath>({
  kernelName: 'FusedConv2D',
  missing: false,
  paths: FUSED_CONV2D_PATHS,
  kernelFunc: conv2dForward,
});
