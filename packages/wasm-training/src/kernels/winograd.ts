/**
 * Winograd F(2×2, 3×3) for 3×3 stride-1 undilated NHWC convolutions (`dk_winograd_filter` + `dk_conv2d_winograd`
 * in native/kernels.c): the forward pass (Conv2D, FusedConv2D with bias and ReLU) and Conv2DBackpropInput (the
 * correlation of dy with the rotated, channel-swapped filter). The filter is transformed once per call (no cache:
 * a variable's values change at every step while its dataId stays), then the transformed tiles go through the GEMM
 * micro-kernel, 16 products of `[tiles × K] · [K × N]` instead of one `[pixels × 9K] · [9K × N]`.
 *
 * Used only where it was measured faster than the im2col path ({@link winogradSettings}, from
 * bench/kernel-winograd.bench.ts); anything else keeps the im2col path.
 */
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeKernels } from '../native/native-module.js';
import { kernelPoolOf } from '../threads/kernel-pool.js';
import { splitRange } from '../threads/split-range.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf, type WasmBackend } from '../wasm-backend.js';

/**
 * When a convolution that Winograd can compute takes it: both channel counts (K: channels read, N: channels
 * written) at least the minimum. `Infinity` turns a direction off. Internal; tests and the kernel benchmark set
 * them with {@link setWinogradSettings}.
 */
export const winogradSettings = {
  /** Conv2D / FusedConv2D: smallest inChannels and outChannels (faster at every size measured, 8 channels up). */
  forwardMinChannels: 8,
  /** Conv2DBackpropInput: smallest inChannels and outChannels (a tie at 8 → 16 channels, valid padding). */
  backpropInputMinChannels: 16,
};

/** Sets the Winograd thresholds (tests: 0 to force it, `Infinity` to turn it off); returns the previous values. */
export function setWinogradSettings(values: Partial<typeof winogradSettings>): typeof winogradSettings {
  const previous = { ...winogradSettings };
  Object.assign(winogradSettings, values);
  return previous;
}

/** Whether `info` is a 3×3, stride-1, undilated, NHWC convolution (the shapes F(2×2, 3×3) computes). */
export function winogradShape(info: backend_util.Conv2DInfo): boolean {
  return (
    info.dataFormat === 'channelsLast' &&
    info.filterHeight === 3 && info.filterWidth === 3 &&
    info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1
  );
}

/** Whether the forward convolution `info` takes the Winograd path. */
export function useWinogradForward(info: backend_util.Conv2DInfo): boolean {
  const min = winogradSettings.forwardMinChannels;
  return winogradShape(info) && info.inChannels >= min && info.outChannels >= min;
}

/** Whether the input gradient of the convolution `info` takes the Winograd path. */
export function useWinogradBackpropInput(info: backend_util.Conv2DInfo): boolean {
  const min = winogradSettings.backpropInputMinChannels;
  return winogradShape(info) && info.inChannels >= min && info.outChannels >= min;
}

/** One Winograd correlation: `input [batch, inHeight, inWidth, K]` → `out [batch, outHeight, outWidth, N]`. */
export interface WinogradCall {
  input: TensorInfo;
  /** The tfjs filter `[3, 3, inC, outC]` of the convolution. */
  filter: TensorInfo;
  bias: TensorInfo | null;
  out: TensorInfo;
  /** false: forward (K = inC, N = outC); true: input gradient (K = outC, N = inC, filter rotated). */
  flip: boolean;
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  /** Zero rows above / columns left of the input (may be 2 for the input gradient of a 'valid' convolution). */
  top: number;
  left: number;
  relu: boolean;
}

/** The Winograd call of a forward convolution (x → y). */
export function forwardCall(info: backend_util.Conv2DInfo, x: TensorInfo, filter: TensorInfo, bias: TensorInfo | null, out: TensorInfo, relu: boolean): WinogradCall {
  return {
    input: x, filter, bias, out, flip: false, batch: info.batchSize,
    inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
    top: info.padInfo.top, left: info.padInfo.left, relu,
  };
}

/**
 * The Winograd call of a convolution's input gradient (dy → dx): dx(iy, ix) = Σ dy(iy + top − r, ix + left − s) ·
 * w(r, s), i.e. the correlation of dy with the rotated filter, padded by 2 − top rows and 2 − left columns.
 */
export function backpropInputCall(info: backend_util.Conv2DInfo, dy: TensorInfo, filter: TensorInfo, out: TensorInfo): WinogradCall {
  return {
    input: dy, filter, bias: null, out, flip: true, batch: info.batchSize,
    inHeight: info.outHeight, inWidth: info.outWidth, inChannels: info.outChannels,
    outHeight: info.inHeight, outWidth: info.inWidth, outChannels: info.inChannels,
    top: 2 - info.padInfo.top, left: 2 - info.padInfo.left, relu: false,
  };
}

/**
 * Runs one Winograd correlation: the filter transform on the calling thread, then `dk_conv2d_winograd` — split by
 * batch slices across the kernel pool when `split` allows, the pool is ready and the call is big enough (each thread
 * reads its own images, writes its own images, and has its own tile scratch; the transformed filter is read by all).
 * Returns whether the call was split.
 */
export function runWinograd(backend: WasmBackend, native: NativeKernels, call: WinogradCall, split: boolean): boolean {
  const { exports } = native;
  const K = call.inChannels;
  const N = call.outChannels;
  const filterFloats = exports.dk_winograd_filter_floats(K, N);
  const workFloats = exports.dk_winograd_work_floats(K, N);
  const work = call.batch * call.outHeight * call.outWidth * 9 * K * N;
  const pool = split && call.batch >= 2 && work >= threadThresholds.minMultiplyAdds ? kernelPoolOf(backend) : null;
  // Thread 0's block holds the transformed filter, then its tile scratch (filterFloats is a multiple of 4).
  const block = pool === null ? native.scratch(filterFloats + workFloats) : pool.buffer(native, 0, 'cols', filterFloats + workFloats);
  exports.dk_winograd_filter(pointerOf(backend, call.filter), K, N, call.flip ? 1 : 0, block);
  const x = pointerOf(backend, call.input);
  const y = pointerOf(backend, call.out);
  const bias = call.bias === null ? 0 : pointerOf(backend, call.bias);
  const args = (x0: number, y0: number, batch: number, scratch: number) => [
    x0, block, bias, y0, batch, call.inHeight, call.inWidth, K, call.outHeight, call.outWidth, N,
    call.top, call.left, call.relu ? 1 : 0, scratch,
  ];
  const ownScratch = block + filterFloats * 4;
  if (pool === null) {
    exports.dk_conv2d_winograd(...args(x, y, call.batch, ownScratch));
    return false;
  }
  const bounds = splitRange(call.batch, pool.threads);
  const inputImage = call.inHeight * call.inWidth * K * 4;
  const outputImage = call.outHeight * call.outWidth * N * 4;
  const parts = bounds.slice(0, -1).map((n0, t) =>
    args(x + n0 * inputImage, y + n0 * outputImage, bounds[t + 1]! - n0, t === 0 ? ownScratch : pool.buffer(native, t, 'cols', workFloats)),
  );
  pool.run(native, 'dk_conv2d_winograd', parts);
  return parts.length > 1;
}
