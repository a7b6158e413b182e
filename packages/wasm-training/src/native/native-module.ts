/**
 * Loads the hand-written SIMD kernels (native/kernels.c) into the wasm backend's own memory: the module imports
 * the backend's `WebAssembly.Memory`, so kernels work on tensors in place with no copies.
 */
import { engine } from '@tensorflow/tfjs-core';
import { wasmMemoryOf, type WasmBackend } from '../wasm-backend.js';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** Exports of native/kernels.c (pointers are byte offsets in the backend's heap). */
export interface NativeExports {
  dk_gemm_scratch_floats(): number;
  dk_conv_cols_floats(patch: number): number;
  dk_gemm(
    m: number, n: number, k: number,
    a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: number, scratch: number,
  ): void;
  dk_conv2d_backprop_filter(...args: number[]): void;
  dk_conv2d_backprop_input(...args: number[]): void;
  dk_maxpool_grad(...args: number[]): void;
  dk_avgpool_grad(...args: number[]): void;
  dk_binary_row_broadcast(op: number, full: number, row: number, out: number, rows: number, cols: number, rowLeft: number): void;
  dk_sum_rows(x: number, rows: number, cols: number, out: number): void;
  dk_batch_norm_grad(...args: number[]): void;
  dk_batch_norm(...args: number[]): void;
  dk_conv2d(...args: number[]): void;
  dk_tile(x: number, out: number, meta: number, rank: number, work: number): void;
  dk_relu_grad(x: number, dy: number, dx: number, n: number): void;
  dk_square_grad(x: number, dy: number, dx: number, n: number): void;
  __stack_pointer: WebAssembly.Global;
}

/** The native kernels bound to one backend, with scratch memory malloc'ed from its heap. */
export interface NativeKernels {
  exports: NativeExports;
  /** Whether the backend's memory is shared (the threaded tfjs build, whose XNNPACK kernels use several threads). */
  shared: boolean;
  /** Byte offset of a scratch block of at least `floats` floats (reused; grows on demand). */
  scratch(floats: number): number;
  /** Byte offset of the GEMM packing scratch. */
  gemmScratch(): number;
}

const STACK_BYTES = 64 * 1024;
const instances = new WeakMap<WasmBackend, NativeKernels | null>();
const compiled = new Map<boolean, WebAssembly.Module | null>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function compile(shared: boolean): WebAssembly.Module | null {
  let module = compiled.get(shared);
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(decodeBase64(shared ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64));
    } catch {
      // No SIMD128 in this engine, or synchronous compilation refused: the callers fall back.
      module = null;
    }
    compiled.set(shared, module);
  }
  return module;
}

/** The native kernels for `backend`, or `null` when this engine cannot run them (callers then fall back). */
export function nativeKernels(backend: WasmBackend): NativeKernels | null {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  let result: NativeKernels | null = null;
  let memory: WebAssembly.Memory;
  try {
    memory = wasmMemoryOf(backend);
  } catch {
    instances.set(backend, null);
    return null;
  }
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = compile(shared);
  let instance: WebAssembly.Instance | null = null;
  if (module !== null) {
    try {
      instance = new WebAssembly.Instance(module, { env: { memory } });
    } catch {
      instance = null;
    }
  }
  if (instance !== null) {
    const exports = instance.exports as unknown as NativeExports;
    const stackBase = backend.wasm._malloc(STACK_BYTES);
    exports.__stack_pointer.value = (stackBase + STACK_BYTES) & ~15;
    const gemmBytes = exports.dk_gemm_scratch_floats() * 4;
    const gemm = backend.wasm._malloc(gemmBytes + 16);
    let block = 0;
    let blockFloats = 0;
    result = {
      exports,
      shared,
      gemmScratch: () => (gemm + 15) & ~15,
      scratch(floats: number): number {
        if (floats > blockFloats) {
          if (block !== 0) backend.wasm._free(block);
          blockFloats = Math.max(floats, blockFloats * 2);
          block = backend.wasm._malloc(blockFloats * 4 + 16);
        }
        return (block + 15) & ~15;
      },
    };
  }
  instances.set(backend, result);
  return result;
}

/** Whether the current tfjs backend is wasm and can run the native kernels (for the gradient replacements). */
export function nativeReadyOnCurrentBackend(): boolean {
  if (engine().backendName !== 'wasm') return false;
  return nativeKernels(engine().backend as unknown as WasmBackend) !== null;
}
