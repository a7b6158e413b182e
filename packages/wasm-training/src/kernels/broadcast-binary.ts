/**
 * Faster Add, Sub, Multiply and RealDiv for the wasm backend when one float32 operand is broadcast along the
 * leading axes of the other (`[N, H, W, C] − [C]` or `[1, 1, 1, C]`: tf.moments' centring, BatchNorm-style
 * per-channel arithmetic). One SIMD pass in native/kernels.c; stock wasm takes a generic broadcasting loop there.
 * Same-shape, scalar and every other case use the stock kernel (XNNPACK).
 */
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

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

function create(kernelName: string, op: number): TrainingKernel {
  const fast = (args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] => {
    const { inputs, backend } = args;
    const { a, b } = inputs;
    const fallback = () => {
      if (stock === undefined) throw new Error(`${kernelName}: no stock wasm kernel to fall back to`);
      return stock(args as never);
    };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback();
    const aSize = util.sizeFromShape(a.shape);
    const bSize = util.sizeFromShape(b.shape);
    let rowLeft: boolean;
    let cols: number;
    if (aSize > bSize) {
      rowLeft = false;
      cols = rowBroadcastColumns(a.shape, b.shape);
    } else if (bSize > aSize) {
      rowLeft = true;
      cols = rowBroadcastColumns(b.shape, a.shape);
    } else {
      return fallback();
    }
    // Rows of fewer than 4 values gain nothing from SIMD; scalars are XNNPACK's fast case.
    if (cols < 4) return fallback();
    const native = nativeKernels(backend);
    if (native === null) return fallback();
    const full = rowLeft ? b : a;
    const row = rowLeft ? a : b;
    const out = backend.makeOutput(full.shape, 'float32');
    const total = util.sizeFromShape(full.shape);
    native.exports.dk_binary_row_broadcast(
      op, pointerOf(backend, full), pointerOf(backend, row), pointerOf(backend, out), total / cols, cols, rowLeft ? 1 : 0,
    );
    return out;
  };
  return { kernelName, missing: false, fast };
}

/** Kernel entries: `inputs { a, b }` with one operand broadcast along the other's leading axes. */
export const addKernel = create('Add', 0);
export const subKernel = create('Sub', 1);
export const multiplyKernel = create('Multiply', 2);
export const realDivKernel = create('RealDiv', 3);
