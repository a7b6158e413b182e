/**
 * Conv2D and FusedConv2D (forward) for the single-threaded wasm backend through the same im2col + SIMD GEMM as
 * the backprops (native/kernels.c), with the bias and a ReLU fused into the GEMM's output pass — measured faster
 * than XNNPACK's convolution for the BatchNorm CNN's second layer (see bench/kernels.bench.ts). Used for NHWC
 * float32 convolutions whose patch has at least {@link MIN_PATCH} values (smaller patches, e.g. a 3×3 convolution
 * of a one-channel image, stay on XNNPACK, which handles them better), bias absent or `[outChannels]`, activation
 * `linear` or `relu`. On the threaded build (shared memory) XNNPACK runs on several threads and is kept.
 * Everything else uses the stock kernel.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Smallest patch (filterHeight × filterWidth × inChannels) routed to the GEMM path. */
export const MIN_PATCH = 32;

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x, filter, bias, preluActivationWeights } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat?: 'NHWC' | 'NCHW';
    dilations?: [number, number] | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  const fallback = () => {
    if (stock === undefined) throw new Error('Conv2D: no stock wasm kernel to fall back to');
    return stock(args as never);
  };
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || (dataFormat ?? 'NHWC') !== 'NHWC') return fallback();
  if ((activation !== 'linear' && activation !== 'relu') || preluActivationWeights != null) return fallback();
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (bias != null && !(bias.shape.length === 1 && bias.shape[0] === info.outChannels && bias.dtype === 'float32')) {
    return fallback();
  }
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  if (patch < MIN_PATCH) return fallback();
  const native = nativeKernels(backend);
  if (native === null || native.shared) return fallback();
  const out = backend.makeOutput(info.outShape, 'float32');
  const cols = native.scratch(native.exports.dk_conv_cols_floats(patch));
  native.exports.dk_conv2d(
    pointerOf(backend, x), pointerOf(backend, filter), bias == null ? 0 : pointerOf(backend, bias), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    activation === 'relu' ? 1 : 0, native.gemmScratch(), cols,
  );
  return out;
}

/** Kernel entry: `inputs { x: [N,H,W,C], filter: [fh,fw,C,outC] }`, attrs as tfjs's Conv2D. */
export const conv2dKernel: TrainingKernel = { kernelName: 'Conv2D', missing: false, fast };

/** Kernel entry: `inputs { x, filter, bias? }`, attrs add `activation` (`linear`/`relu` take the GEMM path). */
export const fusedConv2dKernel: TrainingKernel = { kernelName: 'FusedConv2D', missing: false, fast };
