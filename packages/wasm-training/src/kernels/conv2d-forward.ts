/**
 * The body of Conv2D and FusedConv2D (forward) for the single-threaded wasm backend: the same im2col + SIMD GEMM
 * as the backprops (native/kernels.c), with the bias and a ReLU fused into the GEMM's output pass — measured faster
 * than XNNPACK's convolution for the BatchNorm CNN's second layer (see bench/kernels.bench.ts). Used for NHWC
 * float32 convolutions whose patch has at least {@link MIN_PATCH} values (smaller patches, e.g. a 3×3 convolution
 * of a one-channel image, stay on XNNPACK, which handles them better), bias absent or `[outChannels]`, activation
 * `linear` or `relu`. On the threaded build (shared memory) the call is split by batch slices across this
 * package's kernel pool when it has one and the call is big enough; otherwise XNNPACK (which runs on its own
 * threads there) is kept. Everything else uses the stock kernel.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { kernelPoolOf } from '../threads/kernel-pool.js';
import { splitRange } from '../threads/split-range.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf } from '../wasm-backend.js';
import type { WasmKernelArgs } from './define-wasm-kernel.js';
import { forwardCall, runWinograd, useWinogradForward } from './winograd.js';

/** Smallest patch (filterHeight × filterWidth × inChannels) routed to the GEMM path. */
export const MIN_PATCH = 32;

/** Inputs of Conv2D and FusedConv2D (`bias` and `preluActivationWeights` only for FusedConv2D). */
export interface Conv2DForwardInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** Attributes of Conv2D, plus FusedConv2D's `activation`. */
export interface Conv2DForwardAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

/** The C entry point's paths, by the code it returns. */
const NATIVE_PATHS = ['native:im2col', 'native:direct-1x1'] as const;
/** The same, split by batch slices across the kernel pool (threaded build). */
const THREADED_PATHS = ['native:threads:im2col', 'native:threads:direct-1x1'] as const;

/** The paths of Conv2D (no bias, no activation). */
export const CONV2D_PATHS = [
  ...NATIVE_PATHS, ...THREADED_PATHS, 'native:winograd', 'native:threads:winograd', 'stock:not-float32-nhwc', 'stock:small-patch', 'stock:shared-memory', 'stock:no-native',
] as const;

/** The paths of FusedConv2D. */
export const FUSED_CONV2D_PATHS = [...CONV2D_PATHS, 'stock:activation', 'stock:bias-shape'] as const;

/** A path of the forward convolution kernels. */
export type Conv2DForwardPath = (typeof FUSED_CONV2D_PATHS)[number];

/** Runs the forward convolution (`{ x, filter, bias? }`, attrs as tfjs's Conv2D/FusedConv2D) or falls back. */
export function conv2dForward(args: WasmKernelArgs<Conv2DForwardInputs, Conv2DForwardAttrs, Conv2DForwardPath>): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend, took, fallBack } = args;
  const { x, filter, bias, preluActivationWeights } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  const activation = attrs.activation ?? 'linear';
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || (dataFormat ?? 'NHWC') !== 'NHWC') {
    return fallBack('stock:not-float32-nhwc');
  }
  if ((activation !== 'linear' && activation !== 'relu') || preluActivationWeights != null) return fallBack('stock:activation');
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
    return fallBack('stock:bias-shape');
  }
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  if (patch < MIN_PATCH) return fallBack('stock:small-patch');
  const native = nativeKernels(backend);
  if (native === null) return fallBack('stock:no-native');
  const pool = native.shared ? kernelPoolOf(backend) : null;
  const work = info.batchSize * info.outHeight * info.outWidth * patch * info.outChannels;
  if (native.shared && (pool === null || info.batchSize < 2 || work < threadThresholds.minMultiplyAdds)) {
    return fallBack('stock:shared-memory');
  }
  const out = backend.makeOutput(info.outShape, 'float32');
  if (useWinogradForward(info)) {
    // 3×3 stride 1 with enough channels: Winograd F(2×2, 3×3) (winograd.ts), split like the im2col path.
    const threaded = runWinograd(backend, native, forwardCall(info, x, filter, bias ?? null, out, activation === 'relu'), pool !== null);
    took(threaded ? 'native:threads:winograd' : 'native:winograd');
    return out;
  }
  const colsFloats = native.exports.dk_conv_cols_floats(patch);
  const xp = pointerOf(backend, x);
  const yp = pointerOf(backend, out);
  const callArgs = (x0: number, y0: number, batch: number, scratch: number, cols: number) => [
    x0, pointerOf(backend, filter), bias == null ? 0 : pointerOf(backend, bias), y0,
    batch, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    activation === 'relu' ? 1 : 0, scratch, cols,
  ];
  if (pool === null) {
    const path = native.exports.dk_conv2d(...callArgs(xp, yp, info.batchSize, native.gemmScratch(), native.scratch(colsFloats)));
    took(NATIVE_PATHS[path]!);
    return out;
  }
  // Batch slices: each thread reads its own images of x and writes its own images of y.
  const bounds = splitRange(info.batchSize, pool.threads);
  const inputImage = info.inHeight * info.inWidth * info.inChannels * 4;
  const outputImage = info.outHeight * info.outWidth * info.outChannels * 4;
  const parts = bounds.slice(0, -1).map((n0, t) =>
    callArgs(xp + n0 * inputImage, yp + n0 * outputImage, bounds[t + 1]! - n0, pool.gemmScratch(native, t), pool.buffer(native, t, 'cols', colsFloats)),
  );
  const [path] = pool.run(native, 'dk_conv2d', parts);
  took(THREADED_PATHS[path!]!);
  return out;
}
