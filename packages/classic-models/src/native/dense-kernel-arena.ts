import { DENSE_ROWS_SHARED_WASM_BASE64, DENSE_ROWS_WASM_BASE64 } from '../native/dense-rows-wasm.js';

/**
 * A WebAssembly memory holding dense float32 rows and `slots` float64 scratch vectors, and the SIMD module
 * (native/dense-rows.c) that runs dual coordinate descent's two hot loops on them. Structured-cloneable (a module
 * and, when shared, a shared memory), so worker threads instantiate the same kernels on the same memory.
 */
export interface DenseKernelArena {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of scratch vector `s` (`numFeatures` float64 each; one per thread solving at once). */
  slotOffsets: number[];
  /** Byte offset of the rows (`values` is the float32 view there). */
  rowsOffset: number;
  /** Byte offsets of the scratch regions asked for (`options.scratch`, 16-byte aligned, zeroed). */
  scratchOffsets: number[];
}

/** The exports of native/dense-rows.c (pointers are byte offsets into the arena's memory). */
export interface DenseRowKernels {
  dot_f32_f64(x: number, w: number, n: number): number;
  axpy_f32_f64(w: number, x: number, d: number, n: number): void;
  squared_distance_f64_f32(q: number, x: number, n: number): number;
  bound_scores(a: number, rows: number, b: number, stride: number, depth: number, scores: number): void;
  top_scores(scores: number, n: number, w: number, bestScore: number, bestIndex: number): number;
  scan_at_least(scores: number, n: number, threshold: number, out: number): number;
  project_row_f32_f64(x: number, n: number, p: number, d: number, projected: number): number;
}

/** Instantiates the kernels on an arena's memory. */
export function instantiateDenseRowKernels(arena: DenseKernelArena): DenseRowKernels {
  return new WebAssembly.Instance(arena.module, { env: { memory: arena.memory } }).exports as unknown as DenseRowKernels;
}

/** Dense float32 rows, on an arena when the engine runs the kernels, else on a plain or shared buffer. */
export interface DenseRowsAllocation {
  values: Float32Array<ArrayBufferLike>;
  arena: DenseKernelArena | undefined;
}

/** Where the module leaves room for its own stack and data (it uses none; the linker reserves the first 64 KiB). */
const RESERVED_BYTES = 2 * 65536;
const PAGE = 65536;
/** Arena size cap: pointers stay below 2^31, so they pass through wasm's i32 parameters unchanged. */
const MAX_ARENA_BYTES = 2 ** 31;

const compiled = new Map<boolean, WebAssembly.Module | null>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The compiled module (plain or shared memory), or null when this engine lacks WebAssembly, SIMD or threads. */
function denseRowsModule(shared: boolean): WebAssembly.Module | null {
  let module = compiled.get(shared);
  if (module === undefined) {
    const bytes = decodeBase64(shared ? DENSE_ROWS_SHARED_WASM_BASE64 : DENSE_ROWS_WASM_BASE64);
    module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled.set(shared, module);
  }
  return module;
}

/** True when this engine compiles the kernels (WebAssembly with SIMD128), for a plain memory. */
export function denseRowKernelsAvailable(): boolean {
  return denseRowsModule(false) !== null;
}

/**
 * Allocates `[count, numFeatures]` float32 rows for the kernels: on a {@link DenseKernelArena} with `slots` float64
 * scratch vectors (and the `scratch` regions, byte sizes) when the engine runs the SIMD module (and, for `shared`,
 * shared WebAssembly memory), else on an `ArrayBuffer` / `SharedArrayBuffer` — where the callers run their
 * TypeScript loops, with the same results.
 */
export function allocateDenseRows(
  count: number,
  numFeatures: number,
  options: { slots: number; shared: boolean; scratch?: number[] },
): DenseRowsAllocation {
  const rowBytes = count * numFeatures * 4;
  const slotBytes = Math.ceil((numFeatures * 8) / 16) * 16;
  const scratch = (options.scratch ?? []).map((bytes) => Math.ceil(bytes / 16) * 16);
  const total = RESERVED_BYTES + options.slots * slotBytes + Math.ceil(rowBytes / 16) * 16 + scratch.reduce((a, b) => a + b, 0);
  const module = total <= MAX_ARENA_BYTES ? denseRowsModule(options.shared) : null;
  if (module !== null) {
    const pages = Math.ceil(total / PAGE);
    let memory: WebAssembly.Memory | undefined;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, ...(options.shared ? { shared: true } : {}) });
    } catch {
      // No room for one memory this size (or no shared memory here): the plain buffer below.
    }
    if (memory !== undefined) {
      const slotOffsets = Array.from({ length: options.slots }, (_, s) => RESERVED_BYTES + s * slotBytes);
      const rowsOffset = RESERVED_BYTES + options.slots * slotBytes;
      const scratchOffsets: number[] = [];
      let at = rowsOffset + Math.ceil(rowBytes / 16) * 16;
      for (const bytes of scratch) {
        scratchOffsets.push(at);
        at += bytes;
      }
      return { values: new Float32Array(memory.buffer, rowsOffset, count * numFeatures), arena: { module, memory, slotOffsets, rowsOffset, scratchOffsets } };
    }
  }
  const buffer = options.shared ? new SharedArrayBuffer(rowBytes) : new ArrayBuffer(rowBytes);
  return { values: new Float32Array(buffer), arena: undefined };
}
