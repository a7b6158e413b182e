/**
 * Faster FusedBatchNorm (forward) for the wasm backend with per-channel statistics (mean, variance, offset and
 * scale of shape `[C]`, C = the last axis of x, float32): one SIMD pass in native/kernels.c computing
 * `(x − mean) · scale / sqrt(variance + ε) + offset`. Other shapes use the stock kernel.
 */
import type { FusedBatchNormAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Inputs: `x [..., C]`, `mean`, `variance`, optional `offset` and `scale`. */
export interface FusedBatchNormInputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  offset?: TensorInfo;
  scale?: TensorInfo;
}

const PATHS = ['native', 'native:threads', 'stock:not-per-channel', 'stock:no-native'] as const;

/** Kernel config: output y, the shape of x. */
export const fusedBatchNormConfig = defineWasmKernel<FusedBatchNormInputs, Partial<FusedBatchNormAttrs>, (typeof PATHS)[number]>({
  kernelName: 'FusedBatchNorm',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    const { x, mean, variance, offset, scale } = inputs;
    const channels = x.shape[x.shape.length - 1];
    const perChannel = (t: TensorInfo | undefined) =>
      t == null || (t.shape.length === 1 && t.shape[0] === channels && t.dtype === 'float32');
    const applies =
      x.dtype === 'float32' && channels > 0 && perChannel(mean) && perChannel(variance) && perChannel(offset) && perChannel(scale);
    if (!applies) return fallBack('stock:not-per-channel');
    const native = nativeKernels(backend);
    if (native === null) return fallBack('stock:no-native');
    const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
    const out = backend.makeOutput(x.shape, 'float32');
    const [px, pmean, pvar, py] = [x, mean, variance, out].map((t) => pointerOf(backend, t)) as [number, number, number, number];
    const poffset = offset == null ? 0 : pointerOf(backend, offset);
    const pscale = scale == null ? 0 : pointerOf(backend, scale);
    const { threaded } = runSplit(backend, native, 'dk_batch_norm', { total: rows, work: rows * channels, minimum: threadThresholds.minElements },
      (start, count, thread, pool) => {
        // Each thread computes the per-channel factors into its own scratch (2·C floats).
        const factors = pool === null ? native.scratch(2 * channels) : pool.buffer(native, thread, thread === 0 ? 'cols' : 'partial', 2 * channels);
        return [
          px + 4 * start * channels, pmean, pvar, poffset, pscale, attrs.varianceEpsilon ?? 0.001, count, channels,
          py + 4 * start * channels, factors, factors + 4 * channels,
        ];
      });
    took(threaded ? 'native:threads' : 'native');
    return out;
  },
});
