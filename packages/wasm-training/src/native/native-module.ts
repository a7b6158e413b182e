/**
 * Loads the hand-written SIMD kernels (native/kernels.c) into the wasm backend's own memory: the module imports
 * the backend's `WebAssembly.Memory`, so kernels work on tensors in place with no copies.
 *
 * Two instruction sets are embedded for each memory kind: relaxed SIMD (the GEMM's multiply-adds as
 * `f32x4.relaxed_madd`, fused where the CPU has FMA) and SIMD128. The relaxed build is chosen when the engine
 * validates a tiny relaxed-SIMD module ({@link engineHasRelaxedSimd}), the SIMD128 build otherwise (and if the
 * relaxed build fails to compile). The `DIGITKIT_WASM_SIMD` environment variable (`relaxed-simd`, `simd128` or
 * `auto`; Node only) forces one build for tests and benchmarks: a forced build that does not compile is reported
 * as a failure, not replaced.
 *
 * A load failure is never silent: it is kept as an {@link UnsupportedEnvironmentError} (with the engine's
 * `CompileError`/`LinkError` as `cause`), reported by {@link nativeKernelsStatus} and `enableWasmTraining()`'s
 * `native` field, and warned about once; the kernels then fall back to their loop or stock forms.
 */
import { checkOneOf, UnsupportedEnvironmentError } from '@digitkit/core';
import { engine } from '@tensorflow/tfjs-core';
import { isWasmBackend, wasmMemoryOf, type WasmBackend } from '../wasm-backend.js';
import * as embedded from './kernels-wasm.js';

/** Exports of native/kernels.c (pointers are byte offsets in the backend's heap). */
export type NativeExports = {
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
  /** Returns the path taken: 0 general, 1 tiled, 2 tiled 2×2. */
  dk_maxpool_grad(...args: number[]): number;
  /** Returns the path taken: 0 general, 1 tiled. */
  dk_avgpool_grad(...args: number[]): number;
  dk_binary_row_broadcast(op: number, full: number, row: number, out: number, rows: number, cols: number, rowLeft: number): void;
  dk_sum_rows(x: number, rows: number, cols: number, ld: number, out: number): void;
  dk_batch_norm_grad(...args: number[]): void;
  dk_batch_norm(...args: number[]): void;
  /** Returns the path taken: 0 im2col, 1 direct (1×1, stride 1, no padding). */
  dk_conv2d(...args: number[]): number;
  dk_tile(x: number, out: number, meta: number, rank: number, work: number): void;
  dk_relu_grad(x: number, dy: number, dx: number, n: number): void;
  dk_square_grad(x: number, dy: number, dx: number, n: number): void;
  dk_adam_update(...args: number[]): void;
  dk_winograd_filter_floats(k: number, n: number): number;
  dk_winograd_work_floats(k: number, n: number): number;
  dk_winograd_filter(w: number, k: number, n: number, flip: number, u: number): void;
  dk_conv2d_winograd(...args: number[]): void;
  __stack_pointer: WebAssembly.Global;
};

/** The function exports {@link bind} checks for, so a stale or foreign binary fails loudly at load. */
const FUNCTION_EXPORTS: ReadonlyArray<Exclude<keyof NativeExports, '__stack_pointer'>> = [
  'dk_gemm_scratch_floats', 'dk_conv_cols_floats', 'dk_gemm', 'dk_conv2d_backprop_filter', 'dk_conv2d_backprop_input',
  'dk_maxpool_grad', 'dk_avgpool_grad', 'dk_binary_row_broadcast', 'dk_sum_rows', 'dk_batch_norm_grad',
  'dk_batch_norm', 'dk_conv2d', 'dk_tile', 'dk_relu_grad', 'dk_square_grad', 'dk_adam_update',
  'dk_winograd_filter_floats', 'dk_winograd_work_floats', 'dk_winograd_filter', 'dk_conv2d_winograd',
];

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

/** Whether one build of the module (plain or shared memory) compiled, and why not. */
export interface NativeBuildStatus {
  /** `'not-tried'` until first needed, then `'compiled'` or `'failed'`. */
  state: 'not-tried' | 'compiled' | 'failed';
  /** Why it failed (compile or instantiation), with the engine's error as `cause`. */
  error?: UnsupportedEnvironmentError;
}

/** Load state of both builds: `plain` (single-threaded tfjs build) and `shared` (threaded build). */
export interface NativeKernelsStatus {
  plain: NativeBuildStatus;
  shared: NativeBuildStatus;
}

/** The instruction set of one build of the kernels. */
export type NativeSimd = 'relaxed-simd' | 'simd128';

/** Which build to load: `'auto'` (feature detection) or one forced build. */
export type NativeSimdChoice = 'auto' | NativeSimd;

const SIMD_CHOICES: readonly NativeSimdChoice[] = ['auto', 'relaxed-simd', 'simd128'];

/**
 * The smallest module using `f32x4.relaxed_madd`: `(func (result v128) (f32x4.relaxed_madd (f32x4.splat
 * (f32.const 1)) ×3))`. An engine validates it only if it implements relaxed SIMD (opcodes: the WebAssembly
 * relaxed-SIMD proposal, `0xfd 0x105` = f32x4.relaxed_madd, LEB128 `0x85 0x02`).
 */
export const RELAXED_MADD_PROBE: readonly number[] = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x1c, 0x01, 0x1a, 0x00, // code section: one body of 26 bytes, no locals
  0x43, 0x00, 0x00, 0x80, 0x3f, 0xfd, 0x13, // f32.const 1, f32x4.splat
  0x43, 0x00, 0x00, 0x80, 0x3f, 0xfd, 0x13,
  0x43, 0x00, 0x00, 0x80, 0x3f, 0xfd, 0x13,
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0x0b, // end
];

const STACK_BYTES = 64 * 1024;
const instances = new WeakMap<WasmBackend, NativeKernels | null>();
const compiled = new Map<boolean, WebAssembly.Module | null>();
const chosen = new Map<boolean, NativeSimd>();
const failures = new Map<boolean, UnsupportedEnvironmentError>();
const warned = new Set<boolean>();
let relaxedSimd: boolean | undefined;
let choice: NativeSimdChoice | undefined;

/** Whether this engine implements relaxed SIMD: `WebAssembly.validate` of {@link RELAXED_MADD_PROBE} (cached). */
export function engineHasRelaxedSimd(): boolean {
  relaxedSimd ??= WebAssembly.validate(Uint8Array.from(RELAXED_MADD_PROBE));
  return relaxedSimd;
}

/**
 * The build requested by the `DIGITKIT_WASM_SIMD` environment variable (Node; read once), `'auto'` without it.
 * @throws TypeError for another value.
 */
export function nativeSimdChoice(): NativeSimdChoice {
  if (choice === undefined) {
    // Through globalThis so that bundlers for browsers neither polyfill nor inline `process`.
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.DIGITKIT_WASM_SIMD;
    choice = value === undefined || value === '' ? 'auto' : checkOneOf('enableWasmTraining', 'DIGITKIT_WASM_SIMD', value, SIMD_CHOICES);
  }
  return choice;
}

/** The embedded bytes of one build of the kernels. */
export function nativeModuleBytes(shared: boolean, simd: NativeSimd): Uint8Array<ArrayBuffer> {
  if (simd === 'relaxed-simd') {
    return decodeBase64(shared ? embedded.KERNELS_RELAXED_SHARED_WASM_BASE64 : embedded.KERNELS_RELAXED_WASM_BASE64);
  }
  return decodeBase64(shared ? embedded.KERNELS_SHARED_WASM_BASE64 : embedded.KERNELS_WASM_BASE64);
}

/** The build {@link compileNativeModule} loaded for a memory kind, or `null` before it (or if none compiled). */
export function nativeSimdOf(shared: boolean): NativeSimd | null {
  return compiled.get(shared) == null ? null : (chosen.get(shared) ?? null);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function buildName(shared: boolean): string {
  const forced = choice === 'relaxed-simd' ? ' (relaxed SIMD, forced by DIGITKIT_WASM_SIMD)' : '';
  return `${shared ? 'the shared-memory build of the SIMD kernels' : 'the SIMD kernels'}${forced}`;
}

function fail(shared: boolean, found: string, cause: unknown): void {
  const needs = choice === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD128';
  const error = new UnsupportedEnvironmentError({
    functionName: 'enableWasmTraining',
    expected: `${buildName(shared)} to load (a WebAssembly engine with ${needs}${shared ? ' and threads' : ''})`,
    found,
    fix: 'the kernels fall back to their loop or stock forms (correct, slower)',
    cause,
  });
  failures.set(shared, error);
  if (!warned.has(shared)) {
    warned.add(shared);
    console.warn(error.message, cause);
  }
}

/**
 * The compiled kernels for one memory kind (`shared`: the threaded build's shared memory), compiled once and
 * cached: the relaxed-SIMD build where the engine has relaxed SIMD, else (or if it does not compile) the SIMD128
 * build; `DIGITKIT_WASM_SIMD` forces one. Every instance of a memory kind (the calling thread's and the kernel
 * workers') uses this same module. Returns null, and records why, when the engine refuses it.
 */
export function compileNativeModule(shared: boolean): WebAssembly.Module | null {
  let module = compiled.get(shared);
  if (module === undefined) {
    const wanted = nativeSimdChoice();
    module = null;
    if (wanted === 'relaxed-simd' || (wanted === 'auto' && engineHasRelaxedSimd())) {
      try {
        module = new WebAssembly.Module(nativeModuleBytes(shared, 'relaxed-simd'));
        chosen.set(shared, 'relaxed-simd');
      } catch (error) {
        // Forced: reported. Auto: the engine validated relaxed SIMD but refused this build; SIMD128 is as correct.
        if (wanted === 'relaxed-simd') fail(shared, `a compile error (${String(error)})`, error);
      }
    }
    if (module === null && wanted !== 'relaxed-simd') {
      try {
        module = new WebAssembly.Module(nativeModuleBytes(shared, 'simd128'));
        chosen.set(shared, 'simd128');
      } catch (error) {
        // No SIMD128 (or no threads) in this engine, or synchronous compilation refused.
        fail(shared, `a compile error (${String(error)})`, error);
      }
    }
    compiled.set(shared, module);
  }
  return module;
}

/** Load state of both builds (for `enableWasmTraining()`'s report and the tests). */
export function nativeKernelsStatus(): NativeKernelsStatus {
  const of = (shared: boolean): NativeBuildStatus => {
    const error = failures.get(shared);
    if (error !== undefined) return { state: 'failed', error };
    return { state: compiled.get(shared) == null ? 'not-tried' : 'compiled' };
  };
  return { plain: of(false), shared: of(true) };
}

/** The native kernels for `backend`, or `null` when this engine cannot run them (callers then fall back). */
export function nativeKernels(backend: WasmBackend): NativeKernels | null {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  let memory: WebAssembly.Memory;
  try {
    memory = wasmMemoryOf(backend);
  } catch (error) {
    fail(false, 'a wasm backend without a WebAssembly.Memory', error);
    instances.set(backend, null);
    return null;
  }
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = compileNativeModule(shared);
  let instance: WebAssembly.Instance | null = null;
  if (module !== null) {
    try {
      instance = new WebAssembly.Instance(module, { env: { memory } });
    } catch (error) {
      fail(shared, `an instantiation error (${String(error)})`, error);
    }
  }
  const result = instance === null ? null : bind(backend, instance, shared);
  instances.set(backend, result);
  return result;
}

/**
 * A separate, uncached instance of one given build bound to `backend` (its own stack and scratch, malloc'ed from
 * the backend's heap and never freed): for benchmarks and tests that compare builds in one process. Returns null
 * when the engine refuses the build (the error is not recorded). Kernels keep using {@link nativeKernels}.
 */
export function createNativeKernels(backend: WasmBackend, simd: NativeSimd): NativeKernels | null {
  const memory = wasmMemoryOf(backend);
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(nativeModuleBytes(shared, simd)), { env: { memory } });
  } catch {
    return null;
  }
  return bind(backend, instance, shared);
}

function bind(backend: WasmBackend, instance: WebAssembly.Instance, shared: boolean): NativeKernels | null {
  const missing: string[] = FUNCTION_EXPORTS.filter((name) => typeof instance.exports[name] !== 'function');
  if (!(instance.exports.__stack_pointer instanceof WebAssembly.Global)) missing.push('__stack_pointer');
  if (missing.length > 0) {
    fail(shared, `a module without the exports ${missing.join(', ')}`, undefined);
    return null;
  }
  // Checked above: the instance exports the functions of native/kernels.c whose signatures NativeExports declares.
  const exports = instance.exports as NativeExports;
  const stackBase = backend.wasm._malloc(STACK_BYTES);
  exports.__stack_pointer.value = (stackBase + STACK_BYTES) & ~15;
  const gemmBytes = exports.dk_gemm_scratch_floats() * 4;
  const gemm = backend.wasm._malloc(gemmBytes + 16);
  let block = 0;
  let blockFloats = 0;
  return {
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

/** Whether the current tfjs backend is wasm and can run the native kernels (for the gradient replacements). */
export function nativeReadyOnCurrentBackend(): boolean {
  if (engine().backendName !== 'wasm') return false;
  const backend: object = engine().backend;
  return isWasmBackend(backend) && nativeKernels(backend) !== null;
}
