import type { NativeKernels } from '../native/native-module.js';
import type { WasmBackend } from '../wasm-backend.js';
import { kernelPoolOf, type KernelPool, type PoolEntry } from './kernel-pool.js';
import { splitRange } from './split-range.js';

/** How a kernel call over `[0, total)` may be split. */
export interface SplitPlan {
  /** Size of the split dimension (rows, images, elements). */
  total: number;
  /** Work of the whole call, compared with `minimum` (elements, multiply-adds). */
  work: number;
  /** Smallest `work` worth splitting (see thread-thresholds.ts). */
  minimum: number;
  /** Inner boundaries are multiples of this (default 1). */
  align?: number;
}

/**
 * Runs `entry` over `[0, plan.total)`: on the calling thread alone (`build(0, total, 0)`) when there is no ready
 * kernel pool or the call is too small, else one contiguous range per thread (`build(start, count, thread)` gives
 * each thread's arguments; the ranges must write disjoint memory). Returns each part's return value and whether
 * the call was split.
 */
export function runSplit(
  backend: WasmBackend,
  native: NativeKernels,
  entry: PoolEntry,
  plan: SplitPlan,
  build: (start: number, count: number, thread: number, pool: KernelPool | null) => number[],
): { results: number[]; threaded: boolean } {
  const pool = plan.total >= 2 && plan.work >= plan.minimum ? kernelPoolOf(backend) : null;
  if (pool === null) {
    const call = native.exports[entry] as (...args: number[]) => number | undefined;
    return { results: [call(...build(0, plan.total, 0, null)) ?? 0], threaded: false };
  }
  const bounds = splitRange(plan.total, pool.threads, plan.align ?? 1);
  const parts = bounds.slice(0, -1).map((start, t) => build(start, bounds[t + 1]! - start, t, pool));
  return { results: pool.run(native, entry, parts), threaded: parts.length > 1 };
}
