/**
 * Faster AvgPoolGrad for the wasm backend (LeNet-5's average pooling): SIMD over channels in native/kernels.c;
 * non-overlapping windows write dx once. Same rule as tfjs: each window's dy is spread over its positions times
 * `1 / (filterHeight · filterWidth)`.
 */
import { backend_util, type AvgPoolGradAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { dy, input } = inputs;
  const { filterSize, strides, pad } = attrs as unknown as AvgPoolGradAttrs;
  const native = dy.dtype === 'float32' ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('AvgPoolGrad: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const out = backend.makeOutput(input.shape, 'float32');
  native.exports.dk_avgpool_grad(
    pointerOf(backend, dy), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    1 / (info.filterHeight * info.filterWidth),
  );
  return out;
}

/** Kernel entry: `inputs { dy: [N,oh,ow,C], input: [N,H,W,C] }`, output dx `[N,H,W,C]`. */
export const avgPoolGradKernel: TrainingKernel = { kernelName: 'AvgPoolGrad', missing: false, fast };
