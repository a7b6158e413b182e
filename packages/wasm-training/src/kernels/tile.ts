/**
 * Faster Tile for the wasm backend (float32 and int32): block copies with `memory.copy` in native/kernels.c
 * instead of an element-by-element loop. `broadcastTo` lowers to Tile, so the Mean gradient of this package runs
 * here. Other dtypes use the stock kernel.
 */
import { type KernelFunc, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf, wasmMemoryOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x } = inputs;
  const { reps } = attrs as unknown as TileAttrs;
  const rank = x.shape.length;
  const applies =
    (x.dtype === 'float32' || x.dtype === 'int32') &&
    rank > 0 &&
    reps.length === rank &&
    reps.every((r) => Number.isInteger(r) && r >= 0);
  const native = applies ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('Tile: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype);
  // Layout of the scratch block: rank ints of shape, rank ints of reps, then 2·rank 8-byte-aligned longs.
  const meta = native.scratch(4 * rank + 4);
  const ints = new Int32Array(wasmMemoryOf(backend).buffer, meta, 2 * rank);
  ints.set(x.shape, 0);
  ints.set(reps, rank);
  const work = (meta + 8 * rank + 7) & ~7;
  native.exports.dk_tile(pointerOf(backend, x), pointerOf(backend, out), meta, rank, work);
  return out;
}

/** Kernel entry: `inputs { x }`, attr `reps` (one per axis). */
export const tileKernel: TrainingKernel = { kernelName: 'Tile', missing: false, fast };
