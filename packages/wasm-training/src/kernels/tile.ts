/**
 * Faster Tile for the wasm backend (float32 and int32): block copies with `memory.copy` in native/kernels.c
 * instead of an element-by-element loop. `broadcastTo` lowers to Tile, so the Mean gradient of this package runs
 * here. Other dtypes use the stock kernel.
 */
import type { TensorInfo, TileAttrs } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf, wasmMemoryOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Inputs of Tile. */
export interface TileInputs {
  x: TensorInfo;
}

const PATHS = ['native', 'stock:dtype', 'stock:scalar-or-reps', 'stock:no-native'] as const;

/** Kernel config: `inputs { x }`, attr `reps` (one per axis). */
export const tileConfig = defineWasmKernel<TileInputs, TileAttrs, (typeof PATHS)[number]>({
  kernelName: 'Tile',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    const { x } = inputs;
    const { reps } = attrs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return fallBack('stock:dtype');
    if (rank === 0 || reps.length !== rank || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
      return fallBack('stock:scalar-or-reps');
    }
    const native = nativeKernels(backend);
    if (native === null) return fallBack('stock:no-native');
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype);
    // Layout of the scratch block: rank ints of shape, rank ints of reps, then 2·rank 8-byte-aligned longs.
    const meta = native.scratch(4 * rank + 4);
    const ints = new Int32Array(wasmMemoryOf(backend).buffer, meta, 2 * rank);
    ints.set(x.shape, 0);
    ints.set(reps, rank);
    const work = (meta + 8 * rank + 7) & ~7;
    native.exports.dk_tile(pointerOf(backend, x), pointerOf(backend, out), meta, rank, work);
    took('native');
    return out;
  },
});
