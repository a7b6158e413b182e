/**
 * Faster FusedBatchNorm (forward) for the wasm backend with per-channel statistics (mean, variance, offset and
 * scale of shape `[C]`, C = the last axis of x, float32): one SIMD pass in native/kernels.c computing
 * `(x − mean) · scale / sqrt(variance + ε) + offset`. Other shapes use the stock kernel.
 */
import type { FusedBatchNormAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
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

const PATHS = ['native', 'stock:not-per-channel', 'stock:no-native'] as const;

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
    const factors = native.scratch(2 * channels);
    native.exports.dk_batch_norm(
      pointerOf(backend, x), pointerOf(backend, mean), pointerOf(backend, variance),
      offset == null ? 0 : pointerOf(backend, offset), scale == null ? 0 : pointerOf(backend, scale),
      attrs.varianceEpsilon ?? 0.001, rows, channels,
      pointerOf(backend, out), factors, factors + 4 * channels,
    );
    took('native');
    return out;
  },
});
