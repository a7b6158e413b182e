import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeKernels } from '../native/native-module.js';
import { pointerOf, type WasmBackend } from '../wasm-backend.js';

/**
 * Runs one of the two native convolution gradients (`dk_conv2d_backprop_filter` / `dk_conv2d_backprop_input`,
 * NHWC float32, im2col through the packed GEMM): both take the same geometry arguments, scratch and column buffer.
 * `first` and `second` are the entry point's two input tensors, in its argument order.
 */
export function runNativeConvBackprop(
  backend: WasmBackend,
  native: NativeKernels,
  entry: 'dk_conv2d_backprop_filter' | 'dk_conv2d_backprop_input',
  first: TensorInfo,
  second: TensorInfo,
  info: backend_util.Conv2DInfo,
  outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = native.scratch(native.exports.dk_conv_cols_floats(patch));
  native.exports[entry](
    pointerOf(backend, first), pointerOf(backend, second), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    native.gemmScratch(), cols,
  );
  return out;
}
