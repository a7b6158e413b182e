/**
 * Narrow, typed view of the parts of `@tensorflow/tfjs-backend-wasm`'s `BackendWasm` that the kernels use.
 * The wasm backend is a peer dependency, so it is reached through the `backend` argument every kernel
 * receives, never imported.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** Per-tensor record kept by the wasm backend (`backend.dataIdMap.get(dataId)`). */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: string;
}

/** The emscripten module of the wasm backend (only what is used here). */
export interface WasmModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  asm: Record<string, unknown>;
  /** Set by the threaded emscripten build, whose memory is imported rather than exported. */
  wasmMemory?: WebAssembly.Memory;
}

/** Structural type of tfjs-backend-wasm's `BackendWasm`. */
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): WasmTensorData };
  makeOutput(shape: number[], dtype: string, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  /** Adds a reference to a tensor's data. */
  incRef(dataId: object): void;
}

/** Whether `backend` has the parts of tfjs-backend-wasm's `BackendWasm` the kernels use (a structural check). */
export function isWasmBackend(backend: object): backend is WasmBackend {
  const candidate = backend as Partial<Record<keyof WasmBackend, unknown>>;
  return (
    typeof candidate.wasm === 'object' &&
    candidate.wasm !== null &&
    typeof candidate.dataIdMap === 'object' &&
    typeof candidate.makeOutput === 'function' &&
    typeof candidate.incRef === 'function'
  );
}

/** Byte offset of a tensor's data in the wasm heap. */
export function pointerOf(backend: WasmBackend, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset >>> 0;
}

/** A fresh Float32Array view of a float32 tensor's data in the wasm heap (views die when the heap grows). */
export function float32View(backend: WasmBackend, info: TensorInfo): Float32Array {
  let size = 1;
  for (const d of info.shape) size *= d;
  // The memory's own buffer is always current; HEAPU8 can lag behind a growth in the threaded build.
  return new Float32Array(wasmMemoryOf(backend).buffer, pointerOf(backend, info), size);
}

/** The heap memory of the wasm backend. */
export function wasmMemoryOf(backend: WasmBackend): WebAssembly.Memory {
  const exported = backend.wasm.asm?.memory;
  if (exported instanceof WebAssembly.Memory) return exported;
  const imported = backend.wasm.wasmMemory;
  if (imported instanceof WebAssembly.Memory) return imported;
  throw new TypeError('enableWasmTraining: the wasm backend exposes no WebAssembly.Memory (asm.memory or wasmMemory)');
}

/** A fresh view of a numeric tensor's data in its own dtype (float32, int32, or bool as bytes). */
export function valuesView(backend: WasmBackend, info: TensorInfo): Float32Array | Int32Array | Uint8Array {
  let size = 1;
  for (const d of info.shape) size *= d;
  const buffer = wasmMemoryOf(backend).buffer;
  const offset = pointerOf(backend, info);
  if (info.dtype === 'int32') return new Int32Array(buffer, offset, size);
  if (info.dtype === 'bool') return new Uint8Array(buffer, offset, size);
  if (info.dtype === 'float32') return new Float32Array(buffer, offset, size);
  throw new TypeError(`wasm-training: expected a float32, int32 or bool tensor, got ${info.dtype}`);
}
