/**
 * `DigitkitFusedBatchNormGrad`: the BatchNorm gradient without Tile, in two passes of native/kernels.c (one for
 * the per-channel sums, one for dx). tfjs-core's gradient tiles the inverse standard deviation to the input's
 * full shape and makes about a dozen full-size passes. Run by gradients/fused-batch-norm-gradient.ts.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { FusedBatchNormAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Name of the custom wasm kernel computing `[dx, dMean, dVariance, dScale, dOffset]` in two passes. */
export const FUSED_BATCH_NORM_GRAD = 'DigitkitFusedBatchNormGrad';

/** Inputs: `x [..., C]`, `dy` (shape of x), `mean`, `variance`, optional `scale` (all `[C]` float32). */
export interface FusedBatchNormGradInputs {
  x: TensorInfo;
  dy: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  scale?: TensorInfo;
}

/** Kernel config: outputs `[dx, dMean, dVariance, dScale, dOffset]`. */
export const fusedBatchNormGradConfig = defineWasmKernel<FusedBatchNormGradInputs, FusedBatchNormAttrs, 'native'>({
  kernelName: FUSED_BATCH_NORM_GRAD,
  missing: false,
  paths: ['native'],
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { x, dy, mean, variance, scale } = inputs;
    const native = nativeKernels(backend);
    if (native === null) {
      // The gradient replacement checks nativeReadyOnCurrentBackend() first; only a direct runKernel gets here.
      throw new UnsupportedEnvironmentError({
        functionName: FUSED_BATCH_NORM_GRAD,
        expected: 'the SIMD kernels to be loaded',
        found: 'an engine that could not load them (see enableWasmTraining().native)',
      });
    }
    const channels = mean.shape[0];
    const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
    const dx = backend.makeOutput(x.shape, 'float32');
    const dMean = backend.makeOutput([channels], 'float32');
    const dVariance = backend.makeOutput([channels], 'float32');
    const dScale = backend.makeOutput([channels], 'float32');
    const dOffset = backend.makeOutput([channels], 'float32');
    const sums = native.scratch(channels);
    native.exports.dk_batch_norm_grad(
      pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, mean), pointerOf(backend, variance),
      scale === undefined ? 0 : pointerOf(backend, scale), attrs.varianceEpsilon, rows, channels,
      pointerOf(backend, dx), pointerOf(backend, dMean), pointerOf(backend, dVariance), pointerOf(backend, dScale),
      pointerOf(backend, dOffset), sums,
    );
    took('native');
    return [dx, dMean, dVariance, dScale, dOffset];
  },
});
