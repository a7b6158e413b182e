/**
 * The body of the faster Add, Sub, Multiply and RealDiv kernels for the wasm backend, used when one float32
 * operand is broadcast along the leading axes of the other (`[N, H, W, C] − [C]` or `[1, 1, 1, C]`: tf.moments'
 * centring, BatchNorm-style per-channel arithmetic). One SIMD pass in native/kernels.c; stock wasm takes a generic
 * broadcasting loop there. Same-shape, scalar and every other case use the stock kernel (XNNPACK).
 */
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel, type WasmTrainingKernelConfig } from './define-wasm-kernel.js';

/** Inputs of a binary arithmetic kernel. */
export interface BinaryInputs {
  a: TensorInfo;
  b: TensorInfo;
}

/** Columns of the broadcast operand when `small` broadcasts along the leading axes of `full`, else 0. */
export function rowBroadcastColumns(full: number[], small: number[]): number {
  let start = 0;
  while (start < small.length && small[start] === 1) start++;
  const trailing = small.slice(start);
  if (trailing.length === 0 || trailing.length >= full.length) return 0;
  const fullTrailing = full.slice(full.length - trailing.length);
  if (!trailing.every((d, i) => d === fullTrailing[i])) return 0;
  if (small.length > full.length) return 0;
  return util.sizeFromShape(trailing);
}

const PATHS = [
  'native:row-right', 'native:row-left', 'native:threads:row-right', 'native:threads:row-left', 'stock:not-float32', 'stock:same-size', 'stock:not-row-broadcast', 'stock:no-native',
] as const;

/** Operation codes of `dk_binary_row_broadcast`. */
export type RowBroadcastOp = 0 | 1 | 2 | 3;

/** The kernel config of `kernelName` computing `op` (0 add, 1 subtract, 2 multiply, 3 divide). */
export function defineRowBroadcastKernel(kernelName: string, op: RowBroadcastOp): WasmTrainingKernelConfig {
  return defineWasmKernel<BinaryInputs, Record<string, never>, (typeof PATHS)[number]>({
    kernelName,
    missing: false,
    paths: PATHS,
    kernelFunc: ({ inputs, backend, took, fallBack }) => {
      const { a, b } = inputs;
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallBack('stock:not-float32');
      const aSize = util.sizeFromShape(a.shape);
      const bSize = util.sizeFromShape(b.shape);
      if (aSize === bSize) return fallBack('stock:same-size');
      const rowLeft = bSize > aSize;
      const cols = rowLeft ? rowBroadcastColumns(b.shape, a.shape) : rowBroadcastColumns(a.shape, b.shape);
      // Rows of fewer than 4 values gain nothing from SIMD; scalars are XNNPACK's fast case.
      if (cols < 4) return fallBack('stock:not-row-broadcast');
      const native = nativeKernels(backend);
      if (native === null) return fallBack('stock:no-native');
      const full = rowLeft ? b : a;
      const row = rowLeft ? a : b;
      const out = backend.makeOutput(full.shape, 'float32');
      const total = util.sizeFromShape(full.shape);
      const [pfull, prow, pout] = [full, row, out].map((t) => pointerOf(backend, t)) as [number, number, number];
      const rows = total / cols;
      const { threaded } = runSplit(backend, native, 'dk_binary_row_broadcast', { total: rows, work: total, minimum: threadThresholds.minElements },
        (start, count) => [op, pfull + 4 * start * cols, prow, pout + 4 * start * cols, count, cols, rowLeft ? 1 : 0]);
      const side = rowLeft ? 'row-left' : 'row-right';
      took(threaded ? `native:threads:${side}` : `native:${side}`);
      return out;
    },
  });
}
