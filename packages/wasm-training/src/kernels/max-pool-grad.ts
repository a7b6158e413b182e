/**
 * Faster MaxPoolGrad for the wasm backend: SIMD over channels in native/kernels.c, routing each dy to the first
 * maximum of its window (the tfjs cpu backend's rule).
 */
import { backend_util, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { dy, input } = inputs;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const native = input.dtype === 'float32' && dy.dtype === 'float32' ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('MaxPoolGrad: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const out = backend.makeOutput(input.shape, 'float32');
  native.exports.dk_maxpool_grad(
    pointerOf(backend, input), pointerOf(backend, dy), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.effectiveFilterHeight, info.effectiveFilterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
  );
  return out;
}

/** Kernel entry: `inputs { dy: [N,oh,ow,C], input: [N,H,W,C] }`, output dx `[N,H,W,C]`. */
export const maxPoolGradKernel: TrainingKernel = {
  kernelName: 'MaxPoolGrad',
  missing: false,
  fast,
};
