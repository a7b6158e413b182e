/**
 * Zero-copy output for Identity and same-dtype Cast on the wasm backend: the output shares the input's buffer
 * through the backend's reference count (as the cpu backend does), instead of copying it. tfjs-layers and
 * tf.moments issue several full-size Identity/Cast calls per BatchNorm layer and step. (The wasm backend holds no
 * string tensors, so every input can be shared.)
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from '../wasm-backend.js';

/** A new TensorInfo sharing `x`'s data (its reference count goes up by one). */
export function shareBuffer(backend: WasmBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
