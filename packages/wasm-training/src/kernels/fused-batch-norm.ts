/**
 * Faster FusedBatchNorm (forward) for the wasm backend with per-channel statistics (mean, variance, offset and
 * scale of shape `[C]`, C = the last axis of x, float32): one SIMD pass in native/kernels.c computing
 * `(x − mean) · scale / sqrt(variance + ε) + offset`. Other shapes use the stock kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x, mean, variance, offset, scale } = inputs;
  const channels = x.shape[x.shape.length - 1];
  const perChannel = (t: TensorInfo | undefined) =>
    t == null || (t.shape.length === 1 && t.shape[0] === channels && t.dtype === 'float32');
  const applies =
    x.dtype === 'float32' && channels > 0 && perChannel(mean) && perChannel(variance) && perChannel(offset) && perChannel(scale);
  const native = applies ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('FusedBatchNorm: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const out = backend.makeOutput(x.shape, 'float32');
  const factors = native.scratch(2 * channels);
  native.exports.dk_batch_norm(
    pointerOf(backend, x), pointerOf(backend, mean), pointerOf(backend, variance),
    offset == null ? 0 : pointerOf(backend, offset), scale == null ? 0 : pointerOf(backend, scale),
    (attrs.varianceEpsilon as number | undefined) ?? 0.001, rows, channels,
    pointerOf(backend, out), factors, factors + 4 * channels,
  );
  return out;
}

/** Kernel entry: inputs `{ x: [..., C], mean, variance, offset?, scale? }`, attr `varianceEpsilon`. */
export const fusedBatchNormKernel: TrainingKernel = {
  kernelName: 'FusedBatchNorm',
  missing: false,
  fast,
};
