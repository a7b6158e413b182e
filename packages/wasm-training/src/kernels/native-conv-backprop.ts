import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeKernels } from '../native/native-module.js';
import { kernelPoolOf } from '../threads/kernel-pool.js';
import { splitRange } from '../threads/split-range.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf, type WasmBackend } from '../wasm-backend.js';

/** The entry points of the two native convolution gradients. */
export type ConvBackpropEntry = 'dk_conv2d_backprop_filter' | 'dk_conv2d_backprop_input';

/**
 * Runs one of the two native convolution gradients (`dk_conv2d_backprop_filter` / `dk_conv2d_backprop_input`,
 * NHWC float32, im2col through the packed GEMM): both take the same geometry arguments, scratch and column buffer.
 * `first` and `second` are the entry point's two input tensors, in its argument order.
 *
 * With a ready kernel pool (threaded build) and enough work, the batch is split into contiguous slices, one per
 * thread: the input gradient of each slice is independent (col2im only writes inside its own images); the filter
 * gradient of slice t > 0 goes to thread t's own partial buffer and the partials are added into the output after
 * the join (so no two threads write the same bytes). Returns the output and whether it was split.
 */
export function runNativeConvBackprop(
  backend: WasmBackend,
  native: NativeKernels,
  entry: ConvBackpropEntry,
  first: TensorInfo,
  second: TensorInfo,
  info: backend_util.Conv2DInfo,
  outShape: number[],
): { out: TensorInfo; threaded: boolean } {
  const out = backend.makeOutput(outShape, 'float32');
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const geometry = (batch: number) => [
    batch, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
  ];
  const a = pointerOf(backend, first);
  const b = pointerOf(backend, second);
  const o = pointerOf(backend, out);
  const colsFloats = native.exports.dk_conv_cols_floats(patch);
  const pool = kernelPoolOf(backend);
  const pixels = info.outHeight * info.outWidth;
  const work = info.batchSize * pixels * patch * info.outChannels;
  if (pool === null || info.batchSize < 2 || work < threadThresholds.minMultiplyAdds) {
    native.exports[entry](a, b, o, ...geometry(info.batchSize), native.gemmScratch(), native.scratch(colsFloats));
    return { out, threaded: false };
  }
  const bounds = splitRange(info.batchSize, pool.threads);
  const inputImage = info.inHeight * info.inWidth * info.inChannels * 4;
  const outputImage = pixels * info.outChannels * 4;
  const filterFloats = patch * info.outChannels;
  const parts: number[][] = [];
  for (let t = 0; t + 1 < bounds.length; t++) {
    const n0 = bounds[t]!;
    const batch = bounds[t + 1]! - n0;
    const scratch = pool.gemmScratch(native, t);
    const cols = pool.buffer(native, t, 'cols', colsFloats);
    if (entry === 'dk_conv2d_backprop_filter') {
      // (x, dy, dW): slice t > 0 writes its partial dW into its own buffer.
      const target = t === 0 ? o : pool.buffer(native, t, 'partial', filterFloats);
      parts.push([a + n0 * inputImage, b + n0 * outputImage, target, ...geometry(batch), scratch, cols]);
    } else {
      // (dy, W, dx): slice t writes only its own images of dx.
      parts.push([a + n0 * outputImage, b, o + n0 * inputImage, ...geometry(batch), scratch, cols]);
    }
  }
  pool.run(native, entry, parts);
  if (entry === 'dk_conv2d_backprop_filter') {
    for (let t = 1; t < parts.length; t++) {
      native.exports.dk_binary_row_broadcast(0, o, parts[t]![2]!, o, 1, filterFloats, 0);
    }
  }
  return { out, threaded: true };
}
