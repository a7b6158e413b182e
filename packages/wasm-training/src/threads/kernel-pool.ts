/**
 * A pool of kernel worker threads on the threaded tfjs wasm build's SHARED memory, so one heavy kernel call of
 * this package splits its work across cores: the calling thread runs part 0 on its own instance of the SIMD
 * module, worker t (1 ≤ t < threads) runs part t on its instance of the same module against the same memory, and
 * the caller waits for all of them before the kernel returns (a fork-join per kernel call, like XNNPACK's
 * pthreadpool).
 *
 * Each worker has its own control slot (malloc'ed from the backend's heap), its own stack and its own scratch
 * buffers (GEMM packing, im2col columns, partial sums), so no two threads ever write the same bytes. Workers are
 * started by an environment-specific spawner (`./node`: worker_threads; browsers: Web Workers when the page is
 * cross-origin isolated, see browser-kernel-workers.ts). Until every worker reports ready — and whenever there is
 * no pool (plain memory, no worker support) — kernels run on the calling thread alone, with the same code.
 */
import { WorkerError } from '@digitkit/core';
import type { NativeExports, NativeKernels } from '../native/native-module.js';
import { compileNativeModule } from '../native/native-module.js';
import { wasmMemoryOf, type WasmBackend } from '../wasm-backend.js';
import { browserKernelThreads, browserKernelWorkersAvailable, spawnBrowserKernelWorker } from './browser-kernel-workers.js';

/** The native entry points a worker can run (index = the entry number stored in the control slot). */
export const POOL_ENTRIES = [
  'dk_gemm', 'dk_conv2d', 'dk_conv2d_backprop_filter', 'dk_conv2d_backprop_input', 'dk_maxpool_grad',
  'dk_relu_grad', 'dk_square_grad', 'dk_adam_update', 'dk_binary_row_broadcast', 'dk_batch_norm',
  'dk_sum_rows', 'dk_batch_norm_grad', 'dk_conv2d_winograd',
] as const satisfies ReadonlyArray<keyof NativeExports>;

/** A native entry point the pool can split. */
export type PoolEntry = (typeof POOL_ENTRIES)[number];

/** What a spawned worker receives. */
export interface KernelWorkerInit {
  /** The backend's shared memory. */
  memory: WebAssembly.Memory;
  /** The shared-memory build of the SIMD kernels (compiled once, instantiated per worker). */
  module: WebAssembly.Module;
  /** Byte offset of the worker's control slot. */
  slot: number;
  /** Initial `__stack_pointer` (top of the worker's own stack, 16-byte aligned). */
  stackTop: number;
  /** {@link POOL_ENTRIES}. */
  entries: readonly string[];
  /** Polls of the control slot before a worker sleeps in `Atomics.wait` ({@link SPIN_POLLS}). */
  spin: number;
}

/** A started worker (only termination is needed from it). */
export interface KernelWorkerHandle {
  terminate(): void;
}

/** Starts one kernel worker (environment-specific); `onError` is called if the worker fails to start or dies. */
export type SpawnKernelWorker = (init: KernelWorkerInit, onError: (error: unknown) => void) => KernelWorkerHandle;

/**
 * Polls (`Atomics.load`) a thread makes before sleeping in `Atomics.wait`, worker and caller alike: about 50–100 µs,
 * so back-to-back kernel calls of a training step do not pay a futex wake-up each, while an idle pool sleeps.
 */
export const SPIN_POLLS = 20000;

const SLOT_BYTES = 256;
const STACK_BYTES = 64 * 1024;
const MAX_ARGS = 26;
/** Control slot words (int32 indices). */
const SEQ = 0;
const DONE = 1;
const ENTRY = 2;
const ARGC = 3;
const STATUS = 4;
const READY = 5;

interface Slot {
  i32: Int32Array;
  f64: Float64Array;
  seq: number;
}

/** The pool of one backend. */
export interface KernelPool {
  /** Threads that share a kernel call, the calling thread included (≥ 2). */
  readonly threads: number;
  /** Whether every worker has instantiated its module (before that, kernels run single-threaded). */
  ready(): boolean;
  /**
   * Runs `entry` with `parts[t]` on thread t (`parts[0]` on the calling thread, through `native`) and waits for
   * all; `parts.length` ≤ {@link threads}. Returns each part's return value. Throws if a worker trapped.
   */
  run(native: NativeKernels, entry: PoolEntry, parts: number[][]): number[];
  /** Byte offset of thread t's GEMM packing scratch (t = 0: the calling thread's, from `native`). */
  gemmScratch(native: NativeKernels, thread: number): number;
  /**
   * Byte offset of a scratch block of thread t of at least `floats` floats; `kind` names independent blocks
   * (`'cols'`, `'partial'`). Thread 0's `'cols'` is `native.scratch`. Grows on demand; only the calling thread
   * allocates, between kernel calls.
   */
  buffer(native: NativeKernels, thread: number, kind: 'cols' | 'partial', floats: number): number;
  /** Ends the workers (the pool is unusable afterwards). */
  terminate(): void;
}

const pools = new WeakMap<WasmBackend, KernelPool>();
/** Backends for which the automatic browser pool was tried. */
const autoStarted = new WeakSet<WasmBackend>();

/**
 * The ready kernel pool of `backend`, or `null` (kernels then run on the calling thread). In a cross-origin-isolated
 * browser page whose wasm backend has shared memory (tfjs's threaded build), the first call starts the pool
 * (Web Workers; ready a few ms later); in Node the pool comes with `enableWasmThreads` (`./node`).
 */
export function kernelPoolOf(backend: WasmBackend): KernelPool | null {
  const pool = pools.get(backend);
  if (pool !== undefined) return pool.ready() ? pool : null;
  if (!autoStarted.has(backend)) {
    autoStarted.add(backend);
    if (browserKernelWorkersAvailable() && browserKernelThreads() >= 2) {
      void startKernelPool(backend, browserKernelThreads(), spawnBrowserKernelWorker);
    }
  }
  return null;
}

/** Whether `backend` has a pool, ready or starting. */
export function hasKernelPool(backend: WasmBackend): boolean {
  return pools.has(backend);
}

/** Whether `Atomics.wait` may block on this thread (Node's main thread and workers: yes; a browser page: no). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a pool of `threads - 1` workers for `backend` (whose memory must be shared) and registers it; resolves
 * when every worker is ready. Returns `null` (and registers nothing) when the memory is not shared, the
 * shared-memory module does not compile, or `threads < 2`.
 */
export async function startKernelPool(
  backend: WasmBackend,
  threads: number,
  spawn: SpawnKernelWorker,
): Promise<KernelPool | null> {
  if (threads < 2 || pools.has(backend)) return pools.get(backend) ?? null;
  const memory = wasmMemoryOf(backend);
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  const module = compileNativeModule(true);
  if (module === null) return null;
  const { wasm } = backend;
  const allocations: number[] = [];
  const malloc = (bytes: number): number => {
    const pointer = wasm._malloc(bytes + 16);
    allocations.push(pointer);
    return (pointer + 15) & ~15;
  };
  const slots: Slot[] = [];
  const handles: KernelWorkerHandle[] = [];
  let failure: unknown;
  const onError = (error: unknown): void => {
    failure ??= error;
    pool.terminate();
  };
  for (let t = 1; t < threads; t++) {
    const slot = malloc(SLOT_BYTES);
    const i32 = new Int32Array(memory.buffer, slot, 8);
    i32.fill(0);
    slots.push({ i32, f64: new Float64Array(memory.buffer, slot + 24, MAX_ARGS + 1), seq: 0 });
    const stackTop = (malloc(STACK_BYTES) + STACK_BYTES) & ~15;
    try {
      handles.push(spawn({ memory, module, slot, stackTop, entries: POOL_ENTRIES, spin: SPIN_POLLS }, onError));
    } catch (error) {
      // No worker in this context (a Content-Security-Policy without blob: workers, a sandbox...): no pool.
      for (const handle of handles) handle.terminate();
      for (const pointer of allocations) wasm._free(pointer);
      console.warn('@digitkit/wasm-training: kernel workers cannot start; kernels stay single-threaded', error);
      return null;
    }
  }
  const blocking = canBlock();
  const buffers = new Map<string, { pointer: number; floats: number }>();
  const gemmScratches: number[] = [];
  let alive = true;

  const pool: KernelPool = {
    threads,
    ready: () => alive && slots.every((s) => Atomics.load(s.i32, READY) === 1),
    run(native, entry, parts) {
      if (parts.length > threads) throw new RangeError(`kernel pool: ${parts.length} parts for ${threads} threads`);
      const index = POOL_ENTRIES.indexOf(entry);
      for (let t = 1; t < parts.length; t++) {
        const slot = slots[t - 1]!;
        const args = parts[t]!;
        slot.i32[ENTRY] = index;
        slot.i32[ARGC] = args.length;
        for (let i = 0; i < args.length; i++) slot.f64[1 + i] = args[i]!;
        slot.seq = (slot.seq + 1) | 0;
        Atomics.store(slot.i32, SEQ, slot.seq);
        Atomics.notify(slot.i32, SEQ);
      }
      const results = new Array<number>(parts.length);
      const call = native.exports[entry] as (...args: number[]) => number | undefined;
      results[0] = call(...parts[0]!) ?? 0;
      for (let t = 1; t < parts.length; t++) {
        const slot = slots[t - 1]!;
        for (let polls = 0; ; polls++) {
          const done = Atomics.load(slot.i32, DONE);
          if (done === slot.seq) break;
          if (blocking && polls >= SPIN_POLLS) Atomics.wait(slot.i32, DONE, done, 1000);
        }
        if (slot.i32[STATUS] !== 0) {
          throw new WorkerError({
            functionName: entry,
            worker: t,
            expected: 'its part of the kernel to complete',
            found: 'a trap (the worker console shows the error)',
          });
        }
        results[t] = slot.f64[0]!;
      }
      return results;
    },
    gemmScratch(native, thread) {
      if (thread === 0) return native.gemmScratch();
      let pointer = gemmScratches[thread];
      if (pointer === undefined) {
        pointer = malloc(native.exports.dk_gemm_scratch_floats() * 4);
        gemmScratches[thread] = pointer;
      }
      return pointer;
    },
    buffer(native, thread, kind, floats) {
      if (thread === 0 && kind === 'cols') return native.scratch(floats);
      const key = `${thread}/${kind}`;
      const known = buffers.get(key);
      if (known !== undefined && known.floats >= floats) return known.pointer;
      const size = Math.max(floats, (known?.floats ?? 0) * 2);
      const pointer = malloc(size * 4);
      buffers.set(key, { pointer, floats: size });
      return pointer;
    },
    terminate() {
      if (!alive) return;
      alive = false;
      for (const slot of slots) {
        slot.i32[ENTRY] = -1;
        slot.seq = (slot.seq + 1) | 0;
        Atomics.store(slot.i32, SEQ, slot.seq);
        Atomics.notify(slot.i32, SEQ);
      }
      for (const handle of handles) handle.terminate();
      // The memory stays with the backend (being disposed too, or still in use): give the blocks back.
      for (const pointer of allocations) wasm._free(pointer);
      pools.delete(backend);
    },
  };
  pools.set(backend, pool);
  while (!pool.ready()) {
    if (!alive) {
      console.warn('@digitkit/wasm-training: kernel workers failed to start; kernels stay single-threaded', failure);
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return pool;
}
