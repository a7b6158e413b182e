/**
 * `DigitkitFusedBatchNormGrad`: the BatchNorm gradient without Tile, in two passes of native/kernels.c (one for
 * the per-channel sums, one for dx). tfjs-core's gradient tiles the inverse standard deviation to the input's
 * full shape and makes about a dozen full-size passes. On the kernel pool the channels are split into blocks. Run by gradients/fused-batch-norm-gradient.ts.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { FusedBatchNormAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
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
export const fusedBatchNormGradConfig = defineWasmKernel<FusedBatchNormGradInputs, FusedBatchNormAttrs, 'native' | 'native:threads'>({
  kernelName: FUSED_BATCH_NORM_GRAD,
  missing: false,
  paths: ['native', 'native:threads'],
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
    const [px, pdy, pmean, pvar, pdx, pdMean, pdVar, pdScale, pdOffset] = [x, dy, mean, variance, dx, dMean, dVariance, dScale, dOffset]
      .map((t) => pointerOf(backend, t)) as [number, number, number, number, number, number, number, number, number];
    const pscale = scale === undefined ? 0 : pointerOf(backend, scale);
    // On the kernel pool each thread takes a block of channels over all rows (both passes, and the per-channel
    // step between them, need no join): pointers offset by the block's first channel, rows `channels` apart.
    // Every channel keeps the single-thread summation order, so the split is bit-identical.
    const { threaded } = runSplit(backend, native, 'dk_batch_norm_grad',
      { total: channels, work: rows * channels, minimum: threadThresholds.minReducedElements, align: 4 },
      (start, count, thread, pool) => {
        const sums = pool === null ? native.scratch(channels) : pool.buffer(native, thread, thread === 0 ? 'cols' : 'partial', count);
        const at = (pointer: number) => pointer + 4 * start;
        return [
          at(px), at(pdy), at(pmean), at(pvar), pscale === 0 ? 0 : at(pscale), attrs.varianceEpsilon, rows, count, channels,
          at(pdx), at(pdMean), at(pdVar), at(pdScale), at(pdOffset), sums,
        ];
      });
    took(threaded ? 'native:threads' : 'native');
    return [dx, dMean, dVariance, dScale, dOffset];
  },
});
